#pragma once
// Internal to innosim::output: RAII handles over the HDF5 C API, error
// translation, and the attribute/table helpers the writer and the reader
// share. Nothing outside output/src includes this (the engine never sees HDF5).
#include <hdf5.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace innosim::output::h5 {

// The file types we write are explicit little-endian types while the memory
// types are native; enum member values are inserted as native integers into
// little-endian-based enums, which is only right on little-endian hosts.
static_assert(std::endian::native == std::endian::little, "innosim::output assumes a little-endian host");

/// What the thread does with a results file while a Lock is held: the words
/// of an HDF5 failure that is not a system call's depend on it (a file being
/// read is damaged or incomplete; a failure while writing is the library's).
enum class Activity { unknown, reading, writing };

/// Serialises every HDF5 call made by innosim::output and silences HDF5's
/// automatic error printing while held (errors become exceptions instead).
class Lock {
 public:
  Lock();
  /// Also records, until destroyed, that the thread is reading or writing
  /// `file` (as messages name it, in quotes); a plain Lock inside keeps it.
  Lock(Activity activity, std::string file);
  ~Lock();
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

 private:
  std::unique_lock<std::recursive_mutex> lock_;
  H5E_auto2_t saved_func_ = nullptr;
  void* saved_data_ = nullptr;
  bool sets_activity_ = false;
  Activity saved_activity_ = Activity::unknown;
  std::string saved_file_;
};

/// Throws IoError with `what` and the reason on HDF5's error stack. A failed
/// system call's reason (a full disk) is given as it is: "cannot write 'x'
/// (No space left on device)". HDF5's own words (a damaged file, a library
/// fault) are not for the user to decode: the message says what failed and
/// what to do, by the Lock's Activity, and HDF5's detail follows on a line of
/// its own ("HDF5's detail: ...").
[[noreturn]] void fail(const std::string& what);


/// Owns one HDF5 identifier and closes it with the matching H5?close.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  /// Takes ownership of `id`; throws IoError mentioning `what` if id < 0.
  Handle(hid_t id, Closer closer, const std::string& what);
  ~Handle() { reset(); }
  Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  /// The identifier, for HDF5 calls.
  hid_t get() const { return id_; }
  /// True while an identifier is held.
  explicit operator bool() const { return id_ >= 0; }
  /// Closes now, ignoring errors (destructor semantics).
  void reset();
  /// Closes now and throws IoError if HDF5 reports a failure (used on commit).
  void close(const std::string& what);

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer close_ = nullptr;
};

/// Throws IoError unless `status` >= 0.
inline void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

// Typed constructors, so call sites cannot pair an id with the wrong closer.
inline Handle file(hid_t id, const std::string& what) { return {id, H5Fclose, what}; }
inline Handle group(hid_t id, const std::string& what) { return {id, H5Gclose, what}; }
inline Handle dataset(hid_t id, const std::string& what) { return {id, H5Dclose, what}; }
inline Handle attribute(hid_t id, const std::string& what) { return {id, H5Aclose, what}; }
inline Handle dataspace(hid_t id, const std::string& what) { return {id, H5Sclose, what}; }
inline Handle datatype(hid_t id, const std::string& what) { return {id, H5Tclose, what}; }
inline Handle plist(hid_t id, const std::string& what) { return {id, H5Pclose, what}; }

/// Variable-length UTF-8 string type (memory and file).
Handle utf8_string();
/// Link-creation property list that marks link names as UTF-8.
Handle utf8_links();
/// Group-creation property list that tracks and indexes creation order.
Handle ordered_group();

/// Creates a group (UTF-8 name; creation order tracked).
Handle create_group(hid_t loc, const std::string& name);
/// Opens an existing group.
Handle open_group(hid_t loc, const std::string& name);
/// Opens an existing dataset.
Handle open_dataset(hid_t loc, const std::string& name);
/// True if `name` is a link in `loc`.
bool exists(hid_t loc, const std::string& name);
/// Names of the links in a group, in creation order when tracked, else by name.
std::vector<std::string> list(hid_t group);

// Attributes. Writers create scalar (or 1-D for arrays) attributes.
void write_attr(hid_t loc, const std::string& name, const std::string& value);
void write_attr(hid_t loc, const std::string& name, std::int64_t value);
void write_attr(hid_t loc, const std::string& name, std::uint64_t value);
void write_attr(hid_t loc, const std::string& name, int value);
void write_attr(hid_t loc, const std::string& name, double value);
void write_attr(hid_t loc, const std::string& name, std::span<const int> values);

/// True if `loc` has an attribute `name`.
bool has_attr(hid_t loc, const std::string& name);
/// The class (H5T_STRING, H5T_INTEGER, ...) of an attribute's type.
H5T_class_t attr_class(hid_t loc, const std::string& name);
/// Reads a string attribute, variable- or fixed-length, ASCII or UTF-8.
std::string read_string_attr(hid_t loc, const std::string& name);
/// Reads a numeric attribute converted to int64 / uint64 / double.
std::int64_t read_int_attr(hid_t loc, const std::string& name);
std::uint64_t read_uint_attr(hid_t loc, const std::string& name);
double read_double_attr(hid_t loc, const std::string& name);
/// Reads an integer array attribute.
std::vector<std::int64_t> read_int_array_attr(hid_t loc, const std::string& name);

/// One field of a compound type: name, offset in the memory struct, memory
/// and file member types.
struct Field {
  const char* name;
  std::size_t offset;
  hid_t mem_type;
  hid_t file_type;
};

/// A compound type's memory layout (the C++ struct) and packed file layout.
struct CompoundTypes {
  Handle mem;
  Handle file;
};

/// Builds both layouts; the file layout packs the fields in the given order.
CompoundTypes make_compound(std::size_t mem_size, std::span<const Field> fields);

/// Creates an empty extendible, chunked, shuffled and deflated 1-D table.
Handle create_table(hid_t loc, const std::string& name, hid_t file_type, std::size_t chunk_rows,
                    int deflate_level);
/// Appends `n` rows of `mem_type` from `rows` to a 1-D extendible dataset of current length `length`.
void append_rows(hid_t dset, hid_t mem_type, const void* rows, std::size_t n, std::uint64_t length);
/// Reads `n` rows starting at row `start` of a 1-D dataset into `rows`.
void read_rows(hid_t dset, hid_t mem_type, void* rows, std::uint64_t start, std::size_t n);
/// The current dimensions of a dataset.
std::vector<hsize_t> shape(hid_t dset);

/// The memory-side twin of a file enum type, over `native_base`, with the
/// same member names and values; also returns the members.
struct EnumTypes {
  Handle mem;
  std::vector<std::pair<std::string, std::int64_t>> members;
};
/// Reads the members of an enum type `file_enum` and builds a native twin.
EnumTypes native_enum(hid_t file_enum, hid_t native_base);

}  // namespace innosim::output::h5
