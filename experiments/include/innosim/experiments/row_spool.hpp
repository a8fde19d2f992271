#pragma once
// The rows a run produces for the firm panel and the event log, held in
// memory up to one block and spilled beyond it, block by block, to an
// unlinked temporary file (issue #19): a run's memory does not grow with its
// panel (50,000 firms monthly over 5 years were 400 MB per run, held until
// the run's turn to be written). The writer reads them back block by block.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

namespace innosim::experiments {

/// Where spooled rows go: `dir` (the results file's directory, whose free
/// space the resource check counts), or $TMPDIR / /tmp when empty. Set by
/// the command before its runs start.
void set_spool_directory(const std::filesystem::path& dir);

namespace detail {
/// An unlinked temporary file (O_TMPFILE where the file system has it).
class SpoolFile {
 public:
  SpoolFile() = default;
  ~SpoolFile();
  SpoolFile(SpoolFile&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  SpoolFile& operator=(SpoolFile&& o) noexcept;
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;

  bool open() const { return fd_ >= 0; }
  /// Appends `bytes` (creating the file first); IoError on failure.
  void append(const void* data, std::size_t bytes);
  /// Reads `bytes` at `offset`; IoError on failure.
  void read(void* data, std::size_t bytes, std::uint64_t offset) const;
  void close();

 private:
  int fd_ = -1;
};
}  // namespace detail

/// Rows of a trivially copyable type, in order: the last block in memory,
/// the earlier ones in a spool file. Move-only.
template <class Row>
class RowSpool {
  static_assert(std::is_trivially_copyable_v<Row>, "spooled rows are copied as bytes");

 public:
  /// Rows held in memory at most (a FirmRecord block: 384 KiB).
  static constexpr std::size_t kBlock = 4096;

  void push_back(const Row& r) {
    if (block_.size() == kBlock) spill();
    if (block_.capacity() == 0) block_.reserve(kBlock);
    block_.push_back(r);
  }
  std::size_t size() const { return static_cast<std::size_t>(spilled_) + block_.size(); }
  bool empty() const { return size() == 0; }
  void clear() {
    block_.clear();
    block_.shrink_to_fit();
    file_.close();
    spilled_ = 0;
  }
  /// Calls `sink` with the rows in order, a block at a time.
  void for_each_block(const std::function<void(std::span<const Row>)>& sink) const {
    if (spilled_) {
      std::vector<Row> buf(kBlock);
      for (std::uint64_t at = 0; at < spilled_; at += kBlock) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kBlock, spilled_ - at));
        file_.read(buf.data(), n * sizeof(Row), at * sizeof(Row));
        sink(std::span<const Row>(buf.data(), n));
      }
    }
    if (!block_.empty()) sink(std::span<const Row>(block_));
  }
  /// Every row in memory (the MPI codec and tests).
  std::vector<Row> to_vector() const {
    std::vector<Row> all;
    all.reserve(size());
    for_each_block([&](std::span<const Row> b) { all.insert(all.end(), b.begin(), b.end()); });
    return all;
  }

 private:
  void spill() {
    file_.append(block_.data(), block_.size() * sizeof(Row));
    spilled_ += block_.size();
    block_.clear();
  }
  std::vector<Row> block_;
  detail::SpoolFile file_;
  std::uint64_t spilled_ = 0;
};

}  // namespace innosim::experiments
