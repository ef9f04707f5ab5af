// touchpath: the native command line. Same arguments, output bytes and exit codes as the node
// CLI (js-wrapper/bin/touchpath.mjs): 0 ok, 1 unusable input, 2 bad spec or bad arguments.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/heap_tuning.h"
#include "cli/input_reader.h"
#include "core/engine/session.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitBadInput = 1;
constexpr int kExitBadSpec = 2;

constexpr const char* kUsage =
    R"(usage: touchpath run --spec SPEC.json [--all-fields] [--threads N] INPUT...
       touchpath --help

Runs the analyses of SPEC.json (funnels, attribution, ...) over the exports INPUT... and prints
the result JSON on stdout. INPUT '-' reads stdin; gzipped inputs are detected by their bytes.
Only the fields the spec reads are loaded; --all-fields loads every field (same result, slower).
--threads N reads an uncompressed file of NDJSON lines on up to N threads (1 to 64; default:
the machine's cores, at most 8; same result). The node CLI on WebAssembly reads on one.

exit status: 0 success (skipped rows are reported in the result, not failures),
             1 unusable input or out of memory, 2 bad spec or bad arguments
)";

constexpr unsigned kMaxThreads = 64;

unsigned DefaultThreads() { return std::clamp(std::thread::hardware_concurrency(), 1u, 8u); }

struct Arguments {
  bool help = false;
  bool all_fields = false;
  unsigned threads = DefaultThreads();
  std::string spec_path;
  std::vector<std::string> inputs;
};

int Fail(int exit_code, const std::string& message) {
  std::cerr << "touchpath: " << message << '\n';
  return exit_code;
}

// Returns an empty string on success, else the message for a usage error.
std::string ParseArguments(const std::vector<std::string>& argv, Arguments* arguments) {
  for (const std::string& argument : argv) {
    if (argument == "--help" || argument == "-h") {
      arguments->help = true;
      return "";
    }
  }
  if (argv.empty()) {
    arguments->help = true;
    return "";
  }
  if (argv[0] != "run") return "unknown command '" + argv[0] + "' (try --help)";
  bool have_spec = false;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& argument = argv[i];
    if (argument == "--spec") {
      if (i + 1 >= argv.size()) return "--spec needs a file name";
      arguments->spec_path = argv[++i];
      have_spec = true;
    } else if (argument.rfind("--spec=", 0) == 0) {
      arguments->spec_path = argument.substr(std::strlen("--spec="));
      have_spec = true;
    } else if (argument == "--all-fields") {
      arguments->all_fields = true;
    } else if (argument == "--threads") {
      if (i + 1 >= argv.size()) return "--threads needs a number";
      const std::string& count = argv[++i];
      const bool digits = !count.empty() && count.size() <= 2 &&
                          count.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || std::stoul(count) < 1 || std::stoul(count) > kMaxThreads) {
        return "--threads takes a number from 1 to " + std::to_string(kMaxThreads) + ", not '" +
               count + "'";
      }
      arguments->threads = static_cast<unsigned>(std::stoul(count));
    } else if (argument.size() > 1 && argument[0] == '-') {
      return "unknown option '" + argument + "' (try --help)";
    } else {
      arguments->inputs.push_back(argument);
    }
  }
  if (!have_spec) return "missing --spec SPEC.json";
  if (arguments->inputs.empty()) return "no INPUT given (use - for stdin)";
  return "";
}

bool ReadWholeFile(const std::string& path, std::string* text) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return false;
  std::ostringstream contents;
  contents << file.rdbuf();
  *text = contents.str();
  return !file.bad();
}

// The spec may name the input format ("input": {"format": ...}); the session needs it up front.
std::string SpecFormat(const std::string& spec_text) {
  const nlohmann::json spec = nlohmann::json::parse(spec_text, nullptr, /*allow_exceptions=*/false);
  if (!spec.is_object()) return "auto";
  const auto input = spec.find("input");
  if (input == spec.end() || !input->is_object()) return "auto";
  const auto format = input->find("format");
  if (format == input->end() || !format->is_string()) return "auto";
  return format->get<std::string>();
}

int Run(const Arguments& arguments) {
  std::string spec_text;
  if (!ReadWholeFile(arguments.spec_path, &spec_text)) {
    return Fail(kExitBadSpec,
                "cannot read spec " + arguments.spec_path + ": " + std::strerror(errno));
  }
  touchpath::SessionOptions options;
  options.format = SpecFormat(spec_text);
  // A spec that does not validate loads everything: Run reports its error after the load, as
  // without projection.
  touchpath::FieldProjection projection;
  if (!arguments.all_fields && touchpath::ProjectionForSpecs(spec_text, &projection).ok()) {
    options.projection = std::move(projection);
  }
  touchpath::Session session(options);
  for (const std::string& input : arguments.inputs) {
    touchpath::Status status = touchpath::cli::FeedInput(input, session, arguments.threads);
    if (!status.ok()) return Fail(kExitBadInput, status.message());
  }
  touchpath::Status finished = session.Finish();
  if (!finished.ok()) return Fail(kExitBadInput, finished.message());

  std::string result;
  touchpath::Status ran = session.Run(spec_text, &result);
  if (ran.code() == touchpath::StatusCode::kBadSpec) {
    return Fail(kExitBadSpec, "bad spec: " + ran.message());
  }
  if (!ran.ok()) return Fail(kExitBadInput, ran.message());
  std::fwrite(result.data(), 1, result.size(), stdout);
  std::fputc('\n', stdout);
  return std::fflush(stdout) == 0 ? kExitOk : kExitBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  touchpath::cli::TuneHeapForLoading();
  std::vector<std::string> argument_list(argv + 1, argv + argc);
  Arguments arguments;
  const std::string usage_error = ParseArguments(argument_list, &arguments);
  if (!usage_error.empty()) return Fail(kExitBadSpec, usage_error);
  if (arguments.help) {
    std::fputs(kUsage, stdout);
    return kExitOk;
  }
  return Run(arguments);
}
