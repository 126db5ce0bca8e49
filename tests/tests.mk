# Tests: Check unit tests (tests/unit) and end-to-end scripts (tests/e2e).
include tests/unit/unit.mk
include tests/helpers/helpers.mk
include tests/e2e/e2e.mk
include tests/fuzz/fuzz.mk
include tests/vm/vm.mk

# The test list, for CI to pick a subset from.
print-tests:
	@echo $(TESTS)
.PHONY: print-tests
