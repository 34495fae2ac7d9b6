# compiler.golden: exact plans and exact diagnostics of the configs in tests/testdata/golden
# (golden.py copies the corpus to a temporary directory and runs svc there). Rewrite the
# expectations after an intended change with:
#   /usr/bin/python3 tests/compiler/golden.py --svc build/compiler/svc --update
if(TARGET svc)
  add_test(NAME compiler.golden
           COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/golden.py
                   --svc $<TARGET_FILE:svc>
                   --corpus ${PROJECT_SOURCE_DIR}/tests/testdata/golden)
  set_tests_properties(compiler.golden PROPERTIES LABELS "compiler" TIMEOUT 300)
endif()
