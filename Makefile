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
AWS_ENVS := $(patsubst terraform/environments/%/backend.hcl,%,$(wildcard terraform/environments/*/backend.hcl))

.PHONY: help venv build demo test test-unit test-integration test-e2e lint docs fmt plan apply destroy clean check-env check-aws confirmable confirm tf-init

help: ## List the verbs
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-17s %s\n", $$1, $$2}'

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

test: lint test-unit test-integration test-e2e ## Everything CI runs: lint, unit, integration (pytest-terraform), end to end

test-unit: venv ## Unit tests (moto in-process, the AWS-validated corpora)
	$(PY) -m pytest tests/unit

test-integration: venv ## pytest-terraform applies environments/local in an ephemeral workspace, runs orders, destroys
	$(PY) -m pytest tests/integration

test-e2e: venv ## The demo path end to end with ~20 orders, bad input refused, the plan settled
	$(PY) -m pytest tests/e2e

lint: venv ## Offline validation: ruff, mypy, terraform fmt/validate/test, README tables, checkov (own venv)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m mypy
	terraform fmt -check -recursive terraform
	@for env in local $(AWS_ENVS); do \
	  echo "terraform validate $$env"; \
	  terraform -chdir=terraform/environments/$$env init -backend=false -input=false >/dev/null && \
	  terraform -chdir=terraform/environments/$$env validate -no-color || exit 1; \
	done
	bash terraform/tests/run_module_tests.sh
	$(PY) -m tools.tfdocs --check
	bash tools/checkov/run.sh

docs: venv ## Regenerate the Inputs/Outputs tables of the module READMEs from their variables.tf/outputs.tf
	$(PY) -m tools.tfdocs

fmt: venv ## Format Python and Terraform
	$(VENV)/bin/ruff format .
	terraform fmt -recursive terraform

WORKSPACE ?= default
TF_PLAN := $(CURDIR)/build/$(ENV)-$(WORKSPACE).tfplan
TF_VARS := -var-file=$(ENV).tfvars -var artifacts_dir=$(CURDIR)/build/dist

check-env:
	@case " $(AWS_ENVS) " in *" $(ENV) "*) ;; *) echo "ENV=$(ENV) is not an AWS environment (one of: $(AWS_ENVS))." >&2; exit 2;; esac

check-aws: venv check-env
	@$(PY) -c 'import boto3, sys; \
	  sys.exit(0) if boto3.session.Session().get_credentials() else sys.exit("No AWS credentials: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY before make $(MAKECMDGOALS) ENV=$(ENV).")'

# prod (default workspace) is changed only after someone types its name; CONFIRM=prod answers for automation.
PROD_GUARDED = $(and $(filter prod,$(ENV)),$(filter default,$(WORKSPACE)),$(if $(filter prod,$(CONFIRM)),,yes))

# Before anything touches prod state: without a terminal to ask, refuse at once (not after planning).
confirmable: check-env
	@if [ -n "$(PROD_GUARDED)" ] && [ ! -t 0 ]; then \
	  echo "make $(MAKECMDGOALS) ENV=prod needs CONFIRM=prod when not run from a terminal." >&2; exit 2; fi

confirm: confirmable
	@if [ -n "$(PROD_GUARDED)" ]; then \
	  read -r -p "Type 'prod' to $(MAKECMDGOALS) the production environment: " answer; \
	  [ "$$answer" = prod ] || { echo "Not confirmed; nothing changed." >&2; exit 2; }; \
	fi

tf-init: check-aws
	terraform -chdir=$(TF_ENV_DIR) init -input=false -reconfigure -backend-config=backend.hcl
	terraform -chdir=$(TF_ENV_DIR) workspace select -or-create $(WORKSPACE)

plan: tf-init build ## terraform plan for ENV (dev, staging, prod) [WORKSPACE=name for an ephemeral stack]
	terraform -chdir=$(TF_ENV_DIR) plan -input=false $(TF_VARS) -out=$(TF_PLAN)

apply: confirmable plan confirm ## terraform apply the plan for ENV (prod: asks after showing the plan)
	terraform -chdir=$(TF_ENV_DIR) apply -input=false $(TF_PLAN)

destroy: confirm tf-init ## terraform destroy ENV [WORKSPACE] (prod asks for confirmation)
	terraform -chdir=$(TF_ENV_DIR) destroy -input=false $(TF_VARS)

clean: ## Remove build outputs (keeps the venvs and the downloaded wheels in build/cache)
	@if [ -d build ]; then find build -mindepth 1 -maxdepth 1 ! -name cache -exec rm -rf {} +; fi
