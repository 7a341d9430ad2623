# Strata build.  `make` builds the libraries and the driver into build/;
# `make test` builds and runs the whole suite; `make SAN=1 test` does the same
# under AddressSanitizer + UndefinedBehaviorSanitizer in build-san/.

CC      ?= cc
SAN     ?= 0
ifeq ($(SAN),1)
B       := build-san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT     := -O1 -g
else
B       := build
SANFLAGS :=
OPT     := -O2 -g
endif

WARN    := -Wall -Wextra -Wpedantic -Werror -Wno-unused-parameter -Wshadow -Wstrict-prototypes
CFLAGS  += -std=c11 -D_GNU_SOURCE $(OPT) $(WARN) $(SANFLAGS) -fPIC -Iinclude -Isrc -MMD -MP
LDFLAGS += $(SANFLAGS)
LIBS    := -lcjson -lz -lm -ldl -lpthread

RT_SRC   := $(wildcard src/runtime/*.c)
LIB_SRC  := $(filter-out $(RT_SRC),$(wildcard src/*/*.c src/*/*/*.c))
TEST_SRC := $(wildcard tests/unit/*.c)

LIB_OBJ  := $(LIB_SRC:%.c=$(B)/obj/%.o)
RT_OBJ   := $(RT_SRC:%.c=$(B)/obj/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)

all: $(B)/bin/strata $(B)/lib/libstrata.a $(B)/lib/libstrata_runtime.a \
     $(B)/lib/libstrata_runtime.so $(B)/examples/run_lib $(B)/examples/unity_demo $(TEST_BIN)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/lib/libstrata.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(B)/lib/libstrata_runtime.a: $(RT_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(B)/lib/libstrata_runtime.so: $(RT_OBJ)
	@mkdir -p $(dir $@)
	$(CC) -shared $(LDFLAGS) -o $@ $^ -lz -lm -ldl -lpthread

# An application of the runtime alone: links libstrata_runtime.so and nothing of the compiler.
$(B)/examples/run_lib: examples/run_lib.c $(B)/lib/libstrata_runtime.so
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -L$(B)/lib -lstrata_runtime -Wl,-rpath,'$$ORIGIN/../lib' $(LDFLAGS)

$(B)/examples/unity_demo: examples/unity_demo.c $(B)/lib/libstrata_runtime.so
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -L$(B)/lib -lstrata_runtime -Wl,-rpath,'$$ORIGIN/../lib' $(LDFLAGS) -lm

$(B)/bin/strata: tools/strata.c tools/run.c tools/driver.h $(B)/lib/libstrata.a $(B)/lib/libstrata_runtime.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ tools/strata.c tools/run.c $(B)/lib/libstrata.a $(B)/lib/libstrata_runtime.a $(LDFLAGS) $(LIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/harness.h $(B)/lib/libstrata.a $(B)/lib/libstrata_runtime.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(B)/lib/libstrata.a $(B)/lib/libstrata_runtime.a $(LDFLAGS) $(LIBS)

# libFuzzer target for the TVMScript parser (needs clang).
$(B)/fuzz/fuzz_script: tests/fuzz/fuzz_script.c $(LIB_SRC)
	@mkdir -p $(dir $@)
	clang -std=c11 -D_GNU_SOURCE -O1 -g -Iinclude -Isrc -fsanitize=fuzzer,address,undefined \
	  -o $@ tests/fuzz/fuzz_script.c $(LIB_SRC) $(LIBS)

# libFuzzer target for schedule traces, Python form and JSON (needs clang).
$(B)/fuzz/fuzz_trace: tests/fuzz/fuzz_trace.c $(LIB_SRC)
	@mkdir -p $(dir $@)
	clang -std=c11 -D_GNU_SOURCE -O1 -g -Iinclude -Isrc -fsanitize=fuzzer,address,undefined \
	  -o $@ tests/fuzz/fuzz_trace.c $(LIB_SRC) $(LIBS)

fuzz: $(B)/fuzz/fuzz_script $(B)/fuzz/fuzz_trace

test: all
	B=$(B) tests/run.sh

# The main job: build, check and print every example, then compile the seed
# example and run its tensor program from C at two shapes against a reference.
demo: all
	@for f in examples/*.py; do \
	  echo "== strata check $$f" && $(B)/bin/strata check $$f && \
	  echo "== strata print $$f" && $(B)/bin/strata print $$f || exit 1; \
	done
	@echo "== strata build examples/unity.py -o $(B)/examples/unity.so"
	@$(B)/bin/strata build examples/unity.py -o $(B)/examples/unity.so
	@echo "== $(B)/examples/unity_demo $(B)/examples/unity.so"
	@$(B)/examples/unity_demo $(B)/examples/unity.so

# What CI runs: the suite, the suite under ASan+UBSan, a short fuzz run.
ci:
	scripts/ci.sh

clean:
	rm -rf build build-san

.PHONY: all test clean fuzz demo ci
-include $(LIB_OBJ:.o=.d) $(RT_OBJ:.o=.d)
