"""Pure business logic of the CDC service: no AWS I/O."""
