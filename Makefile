# The user's verbs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ORDERS ?= 200
ENV ?= dev
TF_MIRROR := /opt/tf-plugins
export TF_CLI_CONFIG_FILE := $(CURDIR)/terraform/cli/$(if $(wildcard $(TF_MIRROR)),mirror,registry).tfrc
export TF_IN_AUTOMATION := 1
TF_ENV_DIR := terraform/environments/$(ENV)

.PHONY: help venv build demo test test-unit test-e2e lint fmt plan apply destroy clean

help: ## List the verbs
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

venv: $(VENV)/.installed ## Create the virtualenv from the lock file

build: venv ## Build reproducible Lambda zips into build/dist
	$(PY) -m local.build

demo: venv ## Run ORDERS (default 200) orders end to end on the embedded default (moto + terraform + plane)
	$(PY) -m local.demo --orders $(ORDERS)

test: venv ## Run the test suite: unit tests, then end to end on the embedded default (own process)
	$(PY) -m pytest tests/unit
	$(PY) -m pytest tests/e2e

lint: venv ## ruff, terraform fmt and validate
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	terraform fmt -check -recursive terraform
	@for env in local dev; do \
	  echo "terraform validate $$env"; \
	  terraform -chdir=terraform/environments/$$env init -backend=false -input=false >/dev/null && \
	  terraform -chdir=terraform/environments/$$env validate -no-color || exit 1; \
	done

fmt: venv ## Format Python and Terraform
	$(VENV)/bin/ruff format .
	terraform fmt -recursive terraform

check-aws: venv
	@$(PY) -c 'import boto3, sys; \
	  sys.exit(0) if boto3.session.Session().get_credentials() else sys.exit("No AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY before make $(MAKECMDGOALS) ENV=$(ENV).")'

plan: check-aws build ## terraform plan for ENV (dev, ...) against AWS
	terraform -chdir=$(TF_ENV_DIR) init -input=false -backend-config=backend.hcl
	terraform -chdir=$(TF_ENV_DIR) plan -input=false -var-file=$(ENV).tfvars -var artifacts_dir=$(CURDIR)/build/dist -out=$(CURDIR)/build/$(ENV).tfplan

apply: plan ## terraform apply the plan for ENV
	terraform -chdir=$(TF_ENV_DIR) apply -input=false $(CURDIR)/build/$(ENV).tfplan

destroy: check-aws ## terraform destroy ENV
	terraform -chdir=$(TF_ENV_DIR) init -input=false -backend-config=backend.hcl
	terraform -chdir=$(TF_ENV_DIR) destroy -var-file=$(ENV).tfvars -var artifacts_dir=$(CURDIR)/build/dist

clean: ## Remove build outputs (keeps the venv)
	rm -rf build
