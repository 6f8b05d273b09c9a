#include "cpp_infer/timing.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>

#include "cpp_infer/bin_file.h"
#include "cpp_infer/file_list.h"

namespace cpp_infer {
namespace {

long long SteadyNowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double Percentile(const std::vector<double> &sorted, double percent) {
  const double rank = percent / 100.0 * static_cast<double>(sorted.size() - 1);
  const size_t lower = static_cast<size_t>(rank);
  const size_t upper = std::min(lower + 1, sorted.size() - 1);
  return sorted[lower] + (rank - static_cast<double>(lower)) * (sorted[upper] - sorted[lower]);
}

}  // namespace

LatencySummary LatencyStats::Summarize() const {
  LatencySummary summary;
  summary.count = samples_ms_.size();
  if (samples_ms_.empty()) return summary;
  std::vector<double> sorted = samples_ms_;
  std::sort(sorted.begin(), sorted.end());
  summary.mean_ms = std::accumulate(sorted.begin(), sorted.end(), 0.0) / static_cast<double>(sorted.size());
  summary.p50_ms = Percentile(sorted, 50);
  summary.p90_ms = Percentile(sorted, 90);
  summary.min_ms = sorted.front();
  summary.max_ms = sorted.back();
  return summary;
}

Stopwatch::Stopwatch() : start_ns_(SteadyNowNs()) {}

double Stopwatch::ElapsedMs() const { return static_cast<double>(SteadyNowNs() - start_ns_) / 1e6; }

std::string FormatLatency(const LatencySummary &summary) {
  char line[256];
  std::snprintf(line, sizeof(line),
                "NN inference cost average time: %.3f ms of infer_count %zu (p50 %.3f ms, p90 %.3f ms, min %.3f ms, "
                "max %.3f ms)",
                summary.mean_ms, summary.count, summary.p50_ms, summary.p90_ms, summary.min_ms, summary.max_ms);
  return line;
}

void WriteLatencyReport(const std::string &path, const LatencySummary &summary) {
  const size_t slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) MakeDirectories(path.substr(0, slash));
  const std::string text = FormatLatency(summary) + "\n";
  WriteBinFile(path, text.data(), text.size());
}

}  // namespace cpp_infer
