#ifndef CPP_INFER_TIMING_H_
#define CPP_INFER_TIMING_H_

#include <cstddef>
#include <string>
#include <vector>

namespace cpp_infer {

struct LatencySummary {
  size_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;
  double p90_ms = 0;
  double min_ms = 0;
  double max_ms = 0;
};

// Collects per-run latencies (warm-up runs are simply not added). Percentiles interpolate linearly
// between order statistics (numpy.percentile's default).
class LatencyStats {
 public:
  void Add(double ms) { samples_ms_.push_back(ms); }
  size_t Count() const { return samples_ms_.size(); }
  LatencySummary Summarize() const;

 private:
  std::vector<double> samples_ms_;
};

// Milliseconds elapsed on the steady clock since construction.
class Stopwatch {
 public:
  Stopwatch();
  double ElapsedMs() const;

 private:
  long long start_ns_;
};

// "NN inference cost average time: 1.234 ms of infer_count 8 (p50 1.200 ms, p90 1.400 ms, min ..., max ...)"
std::string FormatLatency(const LatencySummary &summary);

// Writes FormatLatency's line to `path` (parent directories are created).
void WriteLatencyReport(const std::string &path, const LatencySummary &summary);

}  // namespace cpp_infer

#endif  // CPP_INFER_TIMING_H_
