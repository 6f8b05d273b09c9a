// The worker threads shared by the CPU kernels of this folder (MindSpore CPU custom "aot" operators).
#ifndef ZOO_CPU_KERNELS_WORKER_POOL_H_
#define ZOO_CPU_KERNELS_WORKER_POOL_H_

#include <oneapi/dnnl/dnnl_threadpool_iface.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <sched.h>
#include <thread>
#include <vector>

namespace zoo {

// A fixed pool of worker threads implementing oneDNN's threadpool interface; the calling thread works too.
// Waiting threads spin briefly before sleeping, as OpenMP runtimes do: a kernel is a chain of parallel
// calls microseconds apart, and a sleeping worker is slow to get its core back on a busy machine.
class WorkerPool : public dnnl::threadpool_interop::threadpool_iface {
 public:
  explicit WorkerPool(int threads) : threads_(std::max(threads, 1)) {
    for (int i = 1; i < threads_; ++i) workers_.emplace_back([this] { WorkerLoop(); });
  }
  ~WorkerPool() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto &worker : workers_) worker.join();
  }
  int get_num_threads() const override { return threads_; }
  bool get_in_parallel() const override { return in_parallel_; }
  uint64_t get_flags() const override { return 0; }

  void parallel_for(int n, const std::function<void(int, int)> &fn) override {
    if (n <= 1 || workers_.empty() || in_parallel_) {
      for (int i = 0; i < n; ++i) fn(i, n);
      return;
    }
    // Kernels may be called from several MindSpore threads at once: one job at a time.
    std::lock_guard<std::mutex> one_job(submit_mutex_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &fn;
      job_size_ = n;
      next_.store(0);
      remaining_.store(n);
      generation_.fetch_add(1);
    }
    wake_.notify_all();
    RunItems(&fn, n);
    const auto finished = [this] { return remaining_.load() == 0 && active_.load() == 0; };
    SpinUntil(finished);
    std::unique_lock<std::mutex> lock(mutex_);
    // Workers that joined this job must be out of RunItems before `fn` goes out of scope; a worker
    // joining later (it takes the lock to join) finds no job.
    done_.wait(lock, finished);
    job_ = nullptr;
  }

 private:
  static constexpr int kSpinChecks = 20000;  // roughly 0.1-0.5 ms

  template <typename Predicate>
  static bool SpinUntil(const Predicate &ready) {
    for (int i = 0; i < kSpinChecks; ++i) {
      if (ready()) return true;
      __builtin_ia32_pause();
    }
    return ready();
  }

  void RunItems(const std::function<void(int, int)> *job, int size) {
    if (job == nullptr) return;
    in_parallel_ = true;
    for (int i = next_.fetch_add(1); i < size; i = next_.fetch_add(1)) {
      (*job)(i, size);
      remaining_.fetch_sub(1);
    }
    in_parallel_ = false;
  }

  void WorkerLoop() {
    uint64_t seen = 0;
    for (;;) {
      const std::function<void(int, int)> *job;
      int size;
      SpinUntil([&] { return generation_.load() != seen; });
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || generation_.load() != seen; });
        if (stopping_) return;
        seen = generation_.load();
        job = job_;
        size = job_size_;
        active_.fetch_add(1);
      }
      RunItems(job, size);
      active_.fetch_sub(1);
      {
        std::lock_guard<std::mutex> lock(mutex_);  // pairs with the submitter's predicate check
      }
      done_.notify_all();
    }
  }

  const int threads_;
  std::vector<std::thread> workers_;
  std::mutex submit_mutex_, mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int, int)> *job_ = nullptr;
  int job_size_ = 0;
  std::atomic<int> next_{0}, remaining_{0}, active_{0};
  std::atomic<uint64_t> generation_{0};
  bool stopping_ = false;
  static thread_local bool in_parallel_;
};
inline thread_local bool WorkerPool::in_parallel_ = false;

inline int PoolSize() {
  const char *configured = std::getenv("ZOO_CPU_KERNEL_THREADS");
  if (configured != nullptr && std::atoi(configured) > 0) return std::atoi(configured);
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return CPU_COUNT(&set);
  return static_cast<int>(std::thread::hardware_concurrency());
}

// The process-wide pool (ZOO_CPU_KERNEL_THREADS threads, default: the CPUs this process may run on).
inline WorkerPool &GetWorkerPool() {
  static WorkerPool pool(PoolSize());
  return pool;
}

}  // namespace zoo

#endif  // ZOO_CPU_KERNELS_WORKER_POOL_H_
