# Shared C++ inference core. A model's ascend310_infer/CMakeLists.txt does:
#   cmake_minimum_required(VERSION 3.16)
#   project(<Model>Infer CXX)
#   include(${CMAKE_CURRENT_LIST_DIR}/../../utils/cpp_infer/cpp_infer.cmake)
#   cpp_infer_add_generator_main(main)
# and is configured with -DBACKEND=openvino (-DOpenVINO_DIR=<site-packages>/openvino/cmake)
# or -DBACKEND=mindspore -DMINDSPORE_PATH=<dir holding include/api/model.h and lib/>.
include_guard(GLOBAL)

set(CPP_INFER_DIR ${CMAKE_CURRENT_LIST_DIR})
set(BACKEND "openvino" CACHE STRING "inference backend: openvino or mindspore")
set_property(CACHE BACKEND PROPERTY STRINGS openvino mindspore)
set(MINDSPORE_PATH "" CACHE PATH "MindSpore C++ package: include/api/*.h and lib/ (BACKEND=mindspore)")

if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "build type" FORCE)
endif()
set(CMAKE_CXX_FLAGS_RELEASE "-O2 -DNDEBUG" CACHE STRING "Release flags" FORCE)
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

add_library(cpp_infer STATIC
  ${CPP_INFER_DIR}/src/bin_file.cc
  ${CPP_INFER_DIR}/src/bin_runner.cc
  ${CPP_INFER_DIR}/src/device_target.cc
  ${CPP_INFER_DIR}/src/error.cc
  ${CPP_INFER_DIR}/src/file_list.cc
  ${CPP_INFER_DIR}/src/flags.cc
  ${CPP_INFER_DIR}/src/generator_spec.cc
  ${CPP_INFER_DIR}/src/tensor.cc
  ${CPP_INFER_DIR}/src/timing.cc)
target_include_directories(cpp_infer PUBLIC ${CPP_INFER_DIR}/include)
target_compile_options(cpp_infer PRIVATE -Wall -Wextra)

if(BACKEND STREQUAL "openvino")
  find_package(OpenVINO REQUIRED COMPONENTS Runtime)
  target_sources(cpp_infer PRIVATE ${CPP_INFER_DIR}/src/backend_openvino.cc)
  # Also carries OpenVINO's _GLIBCXX_USE_CXX11_ABI setting to every target linking cpp_infer.
  target_link_libraries(cpp_infer PUBLIC openvino::runtime)
elseif(BACKEND STREQUAL "mindspore")
  if(NOT EXISTS "${MINDSPORE_PATH}/include/api/model.h")
    message(FATAL_ERROR "BACKEND=mindspore: MINDSPORE_PATH='${MINDSPORE_PATH}' has no include/api/model.h "
                        "(point it at the MindSpore package, or run utils/cpp_infer/fetch_mindspore_lite.sh)")
  endif()
  # Lite tarball, full MindSpore package, mindspore-lite Python wheel, in that order.
  find_library(MINDSPORE_LIBRARY NAMES mindspore-lite mindspore mindspore-extendrt_python
               PATHS ${MINDSPORE_PATH}/lib NO_DEFAULT_PATH)
  if(NOT MINDSPORE_LIBRARY)
    message(FATAL_ERROR "BACKEND=mindspore: no libmindspore-lite.so, libmindspore.so or "
                        "libmindspore-extendrt_python.so in ${MINDSPORE_PATH}/lib")
  endif()
  message(STATUS "cpp_infer: MindSpore library ${MINDSPORE_LIBRARY}")
  target_sources(cpp_infer PRIVATE ${CPP_INFER_DIR}/src/backend_mindspore.cc)
  # The API headers include both "include/api/..." and "mindapi/...". SYSTEM: no warnings from them.
  target_include_directories(cpp_infer SYSTEM PRIVATE ${MINDSPORE_PATH} ${MINDSPORE_PATH}/include)
  # MindSpore's C++ packages are built with the pre-C++11 std::string ABI.
  target_compile_definitions(cpp_infer PUBLIC _GLIBCXX_USE_CXX11_ABI=0)
  # Device runtimes (Ascend CANN, CUDA) that MindSpore loads are resolved on the target machine.
  # --disable-new-dtags writes RPATH (searched for indirect dependencies too) instead of RUNPATH, so the
  # MindSpore library finds its sibling libraries without LD_LIBRARY_PATH.
  target_link_libraries(cpp_infer PUBLIC ${MINDSPORE_LIBRARY}
                        -Wl,--allow-shlib-undefined -Wl,-rpath-link,${MINDSPORE_PATH}/lib -Wl,--disable-new-dtags)
else()
  message(FATAL_ERROR "BACKEND must be openvino or mindspore, got '${BACKEND}'")
endif()

# add_executable + the inference core and the project's warning flags.
function(cpp_infer_add_executable name)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE cpp_infer)
  target_compile_options(${name} PRIVATE -Wall -Wextra)
endfunction()

# The generator inference program (tools/generator_main.cc): inputs, folders and checks come from the
# generator description that the model's preprocess.py writes, so a model adds nothing of its own.
function(cpp_infer_add_generator_main name)
  cpp_infer_add_executable(${name} ${CPP_INFER_DIR}/tools/generator_main.cc)
endfunction()
