# The emscripten build: the same core/ sources plus the thin C boundary, as an ES6 module
# (build/wasm/touchpath_wasm.mjs + touchpath_wasm.wasm). Configure with
#   emcmake cmake -S . -B build/wasm && cmake --build build/wasm
# Included from the root CMakeLists.txt when EMSCRIPTEN is set.

# em++ must never see -I/usr/include (it would pick up the host's libc headers): give it a
# folder that holds only the third-party headers the core needs.
set(TOUCHPATH_WASM_INCLUDE_DIR ${CMAKE_BINARY_DIR}/include)
file(COPY /usr/include/nlohmann DESTINATION ${TOUCHPATH_WASM_INCLUDE_DIR})
target_include_directories(touchpath_core SYSTEM PUBLIC ${TOUCHPATH_WASM_INCLUDE_DIR})
# -flto: V8 does not inline one WebAssembly function into another, so the only inlining across
# files (the parser into the dictionary, the store and the JSON cursor) is LLVM's at link time.
target_compile_options(touchpath_core PUBLIC -O3 -msimd128 -flto)

set(TOUCHPATH_WASM_EXPORTS
  _tp_create _tp_free _tp_staging _tp_reset _tp_begin_input _tp_feed _tp_events_loaded _tp_bytes_to_finish _tp_finish _tp_run
  _tp_describe _tp_result_data _tp_result_size _tp_error_code _tp_error_data _tp_error_size
  _tp_begin_later_part _tp_encode_later_part _tp_append_encoded_part _tp_part_appended)
list(JOIN TOUCHPATH_WASM_EXPORTS "," TOUCHPATH_WASM_EXPORT_LIST)

add_executable(touchpath_wasm ${CMAKE_SOURCE_DIR}/wasm/touchpath_wasm.cpp
                              ${CMAKE_SOURCE_DIR}/wasm/simd_string.cpp)
# The module's memchr / memcmp / memcpy / memmove / memset (see the file for why). Not LTO:
# the linker must see them as the libc functions they replace, and a bitcode module gives all
# its functions the union of their features, so bulk memory would spread to every caller.
set_source_files_properties(${CMAKE_SOURCE_DIR}/wasm/simd_string.cpp PROPERTIES
  COMPILE_OPTIONS "-fno-builtin;-mbulk-memory;-fno-lto")
target_link_libraries(touchpath_wasm PRIVATE touchpath_core)
set_target_properties(touchpath_wasm PROPERTIES SUFFIX ".mjs")
# ENVIRONMENT=web,worker: em++ 3.1.6's node branch uses require(), which an ES6 module lacks.
# Node loads the same file by handing the module `wasmBinary` (js-wrapper/src/wasm-module.js).
target_link_options(touchpath_wasm PRIVATE
  -O3 -msimd128 -flto
  -sMODULARIZE=1 -sEXPORT_ES6=1 -sEXPORT_NAME=createTouchpathModule
  -sENVIRONMENT=web,worker
  -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB
  -sFILESYSTEM=0
  "-sEXPORTED_FUNCTIONS=${TOUCHPATH_WASM_EXPORT_LIST}"
  "-sEXPORTED_RUNTIME_METHODS=HEAPU8")

# simd_string.cpp's functions against byte-by-byte references, every size to 300 bytes at every
# alignment (tests/js/wasm-libc.test.mjs runs it under node).
add_executable(simd_string_test ${CMAKE_SOURCE_DIR}/tests/wasm/simd_string_test.cpp
                                ${CMAKE_SOURCE_DIR}/wasm/simd_string.cpp)
target_compile_options(simd_string_test PRIVATE -O2 -msimd128)
target_link_options(simd_string_test PRIVATE -O2 -msimd128 -sENVIRONMENT=node)
# .cjs: emscripten's node loader is CommonJS, and the repository's package.json says "module".
set_target_properties(simd_string_test PROPERTIES SUFFIX ".cjs")
