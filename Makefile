# SPDX-License-Identifier: GPL-2.0
#
# anon_lazy: top-level build and test entry points.
#
#   make                    module for the running kernel + anonstat
#   make modules KVER=REL   module for an installed kernel's headers
#   make modules ARCH=arm64 KVER=REL-arm64   cross-build (scripts/install-deps --arm64)
#   make check              everything CI runs (installs what is missing)
#   make demo               boot a Debian kernel in QEMU and show anonstat
#   make lint               W=1, sparse, checkpatch --strict
#   make bench              benchmarks, x86_64 (bench/README.md); bench-arm64
#
# The module is built out of a per-kernel shadow tree, build/KVER/, so that
# builds for several kernels never share object files.

VERSION := 0.1.0
SRC := $(CURDIR)
BUILD ?= $(SRC)/build
KVER ?= $(shell uname -r)

ifeq ($(ARCH),arm64)
ARM64_ROOT ?= $(BUILD)/arm64-root
KDIR ?= $(ARM64_ROOT)/usr/src/linux-headers-$(KVER)
CROSS_COMPILE ?= aarch64-linux-gnu-
KMAKE_ARCH := ARCH=arm64 CROSS_COMPILE=$(CROSS_COMPILE)
else
KDIR ?= /lib/modules/$(KVER)/build
KMAKE_ARCH :=
endif

MODDIR := $(BUILD)/$(KVER)
MODULE_SRCS := $(wildcard $(SRC)/module/*.c $(SRC)/module/*.h)
HEADERS := $(wildcard $(SRC)/include/anon_lazy/*.h)
PREFIX ?= /usr/local
DESTDIR ?=

.PHONY: all modules standin userspace tests shadow check lint unit vm dkms-test \
	demo deps install dkms-source clean help stress bench bench-arm64 fuzz

all: modules userspace

help:
	@sed -n '3,13p' Makefile

# ---- kernel module ----

shadow:
	@test -e "$(KDIR)/Makefile" || { \
		echo "anon_lazy: no kernel headers for $(KVER) at $(KDIR)." >&2; \
		echo "  installed: $$(ls /lib/modules/*/build/Makefile 2>/dev/null | cut -d/ -f4 | tr '\n' ' ')" >&2; \
		echo "  use KVER=RELEASE (or KDIR=DIR), or run scripts/install-deps" >&2; \
		exit 1; }
	@mkdir -p $(MODDIR)/module
	@ln -sfn $(SRC)/include $(MODDIR)/include
	@ln -sf $(SRC)/Kbuild $(MODDIR)/Kbuild
	@for f in $(MODULE_SRCS); do ln -sf $$f $(MODDIR)/module/; done

modules: shadow
	$(MAKE) -C $(KDIR) M=$(MODDIR) $(KMAKE_ARCH) modules

# Test-only module standing in for the ANON_VMA_LAZY series (tests/vm).
STANDIN_DIR := $(MODDIR)/standin
standin: shadow
	@mkdir -p $(STANDIN_DIR)
	@ln -sf $(SRC)/tests/vm/series-standin/* $(STANDIN_DIR)/
	$(MAKE) -C $(KDIR) M=$(STANDIN_DIR) $(KMAKE_ARCH) modules

# ---- userspace ----

userspace:
	$(MAKE) -C userspace-tools O=$(BUILD)/userspace

tests:
	$(MAKE) -C tests O=$(BUILD)/tests

# ---- checks ----

deps:
	@scripts/install-deps --check >/dev/null 2>&1 || scripts/install-deps

lint:
	scripts/lint

unit:
	tests/run --only unit

vm:
	tests/run --only vm

dkms-test:
	tests/run --only dkms

check: deps
	tests/run

stress: deps
	tests/run --only stress --long

bench: deps
	bench/run

bench-arm64: deps
	bench/run --arch arm64

fuzz: deps
	tests/fuzz/run $(FUZZ_SECONDS)

demo: deps
	scripts/demo

# ---- install ----

install: userspace
	$(MAKE) -C userspace-tools O=$(BUILD)/userspace install \
		PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

# The files DKMS needs, and nothing else, in DEST (default build/dkms-src).
DKMS_DEST ?= $(BUILD)/dkms-src/anon_lazy-$(VERSION)
dkms-source:
	@rm -rf $(DKMS_DEST)
	@mkdir -p $(DKMS_DEST)
	@cp -r Kbuild dkms.conf module include $(DKMS_DEST)/
	@echo $(DKMS_DEST)

clean:
	rm -rf $(BUILD)
