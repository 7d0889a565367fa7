"""CDC enrichment: DynamoDB stream records to the platform's change events (see services/cdc/README.md)."""
