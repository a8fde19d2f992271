#include "hdf5_util.hpp"

#include <algorithm>
#include <cstring>

#include "innosim/engine/error.hpp"

namespace innosim::output::h5 {

namespace {

// The largest fixed-length string attribute read: HDF5 stores attributes in
// object headers of at most 64 KiB unless dense storage is used; a declared
// size far beyond that is a damaged file.
constexpr std::size_t kMaxAttributeBytes = std::size_t{64} << 20;

std::recursive_mutex& hdf5_mutex() {
  static std::recursive_mutex m;
  return m;
}

herr_t collect_error(unsigned /*n*/, const H5E_error2_t* e, void* data) {
  auto* out = static_cast<std::vector<std::string>*>(data);
  if (e->desc && *e->desc)
    out->emplace_back(e->desc);
  else if (e->func_name)
    out->emplace_back(std::string(e->func_name) + " failed");
  return 0;
}

herr_t collect_name(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* data) {
  static_cast<std::vector<std::string>*>(data)->emplace_back(name);
  return 0;
}

template <class T>
void write_scalar_attr(hid_t loc, const std::string& name, hid_t mem_type, hid_t file_type, const T& value) {
  if (H5Aexists(loc, name.c_str()) > 0) check(H5Adelete(loc, name.c_str()), "cannot replace attribute " + name);
  Handle space = dataspace(H5Screate(H5S_SCALAR), "cannot create dataspace");
  Handle a = attribute(H5Acreate2(loc, name.c_str(), file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                       "cannot create attribute " + name);
  check(H5Awrite(a.get(), mem_type, &value), "cannot write attribute " + name);
}

struct OpenAttr {
  Handle attr;
  Handle type;
  Handle space;
  hssize_t points = 0;
};

OpenAttr open_attr(hid_t loc, const std::string& name) {
  OpenAttr a;
  a.attr = attribute(H5Aopen(loc, name.c_str(), H5P_DEFAULT), "cannot open attribute " + name);
  a.type = datatype(H5Aget_type(a.attr.get()), "cannot get the type of attribute " + name);
  a.space = dataspace(H5Aget_space(a.attr.get()), "cannot get the dataspace of attribute " + name);
  a.points = H5Sget_simple_extent_npoints(a.space.get());
  return a;
}

[[noreturn]] void bad_attr(const std::string& name, const std::string& expected) {
  throw IoError("attribute '" + name + "' is not " + expected);
}

template <class T>
T read_numeric_attr(hid_t loc, const std::string& name, hid_t native, bool allow_float) {
  OpenAttr a = open_attr(loc, name);
  const H5T_class_t c = H5Tget_class(a.type.get());
  if (!(c == H5T_INTEGER || (allow_float && c == H5T_FLOAT)) || a.points != 1)
    bad_attr(name, allow_float ? "a number" : "an integer");
  T v{};
  check(H5Aread(a.attr.get(), native, &v), "cannot read attribute " + name);
  return v;
}

}  // namespace

namespace {
// What this thread does with which file (Lock(Activity, file)); guarded by the Lock that set it.
thread_local Activity g_activity = Activity::unknown;
thread_local std::string g_file;
}  // namespace

Lock::Lock(Activity activity, std::string file) : Lock() {
  sets_activity_ = true;
  saved_activity_ = g_activity;
  saved_file_ = std::move(g_file);
  g_activity = activity;
  g_file = std::move(file);
}

Lock::Lock() : lock_(hdf5_mutex()) {
  // HDF5 closes every file still open when the process exits; after a
  // failed close (a full disk) that handler crashed (SIGSEGV in
  // H5F__close_cb, exit 139 instead of 1). Every file innosim writes is
  // closed or removed explicitly, and read-only files need no flushing, so
  // the library is not left to clean up at exit. Must precede HDF5's
  // initialisation, which the first Lock does.
  static const bool no_atexit = [] {
    H5dont_atexit();
    return true;
  }();
  (void)no_atexit;
  H5Eget_auto2(H5E_DEFAULT, &saved_func_, &saved_data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

Lock::~Lock() {
  if (sets_activity_) {
    g_activity = saved_activity_;
    g_file = std::move(saved_file_);
  }
  H5Eset_auto2(H5E_DEFAULT, saved_func_, saved_data_);
}

namespace {

/// HDF5's error stack (cleared): a failed system call's reason when there is
/// one (`system`), else HDF5's own words (`detail`).
struct StackReason {
  std::string system;
  std::string detail;
};

StackReason stack_reason() {
  std::vector<std::string> messages;
  const hid_t stack = H5Eget_current_stack();  // also clears the current stack
  if (stack >= 0) {
    H5Ewalk2(stack, H5E_WALK_DOWNWARD, collect_error, &messages);
    H5Eclose_stack(stack);
  }
  if (messages.empty()) return {"", "HDF5 gave no detail"};
  // A failed system call (a full disk, a file system gone read-only): its
  // reason is what the user can act on; the rest of HDF5's record (time,
  // file descriptor, buffer address, offsets) is not.
  for (const std::string& m : messages) {
    const std::size_t at = m.find("error message = '");
    if (at == std::string::npos) continue;
    const std::size_t from = at + 17, to = m.find('\'', from);
    if (to != std::string::npos && to > from) return {m.substr(from, to - from), ""};
  }
  // The outermost message says what failed, the innermost why.
  if (messages.size() == 1 || messages.front() == messages.back()) return {"", messages.front()};
  return {"", messages.front() + ": " + messages.back()};
}

}  // namespace

void fail(const std::string& what) {
  const StackReason r = stack_reason();
  if (!r.system.empty()) throw IoError(what + " (" + r.system + ")");
  // HDF5's own words (a B-tree signature, a truncated superblock) name no
  // cause a user can act on: the first line says what failed and what to
  // do, HDF5's detail follows for a bug report.
  const std::string detail = "\n  HDF5's detail: " + what + ": " + r.detail;
  switch (g_activity) {
    case Activity::reading:
      throw IoError("cannot read " + g_file +
                    ": the file is damaged or incomplete (the HDF5 library cannot read its structure); rerun the "
                    "command that wrote it, or restore a copy" +
                    detail);
    case Activity::writing:
      throw IoError("cannot write " + g_file +
                    ": the HDF5 library failed while writing it (the system reported no error: not a full disk or "
                    "a missing permission); the results file is not written. Run the command again; if it fails "
                    "the same way, report it with HDF5's detail" +
                    detail);
    case Activity::unknown: break;
  }
  throw IoError("the HDF5 library failed (the system reported no error); if it happens again, report it with HDF5's "
                "detail" +
                detail);
}

Handle::Handle(hid_t id, Closer closer, const std::string& what) : id_(id), close_(closer) {
  if (id_ < 0) fail(what);
}

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    close_ = o.close_;
    o.id_ = H5I_INVALID_HID;
  }
  return *this;
}

void Handle::reset() {
  if (id_ >= 0) {
    if (close_(id_) < 0) H5Eclear2(H5E_DEFAULT);
    id_ = H5I_INVALID_HID;
  }
}

void Handle::close(const std::string& what) {
  if (id_ >= 0) {
    const herr_t status = close_(id_);
    id_ = H5I_INVALID_HID;
    check(status, what);
  }
}

Handle utf8_string() {
  Handle t = datatype(H5Tcopy(H5T_C_S1), "cannot create string type");
  check(H5Tset_size(t.get(), H5T_VARIABLE), "cannot make string type variable-length");
  check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "cannot make string type UTF-8");
  return t;
}

Handle utf8_links() {
  Handle p = plist(H5Pcreate(H5P_LINK_CREATE), "cannot create link property list");
  check(H5Pset_char_encoding(p.get(), H5T_CSET_UTF8), "cannot set UTF-8 link names");
  return p;
}

Handle ordered_group() {
  Handle p = plist(H5Pcreate(H5P_GROUP_CREATE), "cannot create group property list");
  check(H5Pset_link_creation_order(p.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "cannot track creation order");
  return p;
}

Handle create_group(hid_t loc, const std::string& name) {
  Handle lcpl = utf8_links();
  Handle gcpl = ordered_group();
  return group(H5Gcreate2(loc, name.c_str(), lcpl.get(), gcpl.get(), H5P_DEFAULT), "cannot create group " + name);
}

namespace {

/// Only hard links are followed: an external link names another file (which
/// could be a FIFO that blocks the reader, or a device), and innosim never
/// writes soft or external links.
void require_hard_link(hid_t loc, const std::string& name) {
  if (name == "/" || name == ".") return;
  H5L_info_t info;
  if (H5Lget_info(loc, name.c_str(), &info, H5P_DEFAULT) < 0) fail("cannot find '" + name + "'");
  if (info.type != H5L_TYPE_HARD)
    throw IoError("'" + name + "' is " + (info.type == H5L_TYPE_EXTERNAL ? "an external link (to another file)"
                                          : info.type == H5L_TYPE_SOFT ? "a soft link"
                                                                       : "a user-defined link") +
                  ", which innosim does not follow: not an innosim results file, or a damaged one");
}

}  // namespace

Handle open_group(hid_t loc, const std::string& name) {
  require_hard_link(loc, name);
  return group(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), "cannot open group " + name);
}

Handle open_dataset(hid_t loc, const std::string& name) {
  require_hard_link(loc, name);
  Handle d = dataset(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), "cannot open dataset " + name);
  // Raw data kept outside the file (external storage, a virtual dataset's
  // sources) would make reading open other files, devices or FIFOs.
  Handle dcpl = plist(H5Dget_create_plist(d.get()), "cannot get the creation properties of " + name);
  const H5D_layout_t layout = H5Pget_layout(dcpl.get());
  if (layout == H5D_VIRTUAL || H5Pget_external_count(dcpl.get()) != 0)
    throw IoError("dataset '" + name + "' keeps its data outside the file (" +
                  (layout == H5D_VIRTUAL ? "a virtual dataset" : "external storage") +
                  "), which innosim does not read: not an innosim results file, or a damaged one");
  return d;
}

bool exists(hid_t loc, const std::string& name) {
  const htri_t e = H5Lexists(loc, name.c_str(), H5P_DEFAULT);
  if (e < 0) H5Eclear2(H5E_DEFAULT);
  return e > 0;
}

std::vector<std::string> list(hid_t g) {
  std::vector<std::string> names;
  hsize_t idx = 0;
  if (H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, collect_name, &names) >= 0) return names;
  // Groups written by other tools may not track creation order.
  H5Eclear2(H5E_DEFAULT);
  names.clear();
  idx = 0;
  check(H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_name, &names), "cannot list group");
  return names;
}

void write_attr(hid_t loc, const std::string& name, const std::string& value) {
  Handle t = utf8_string();
  const char* p = value.c_str();
  write_scalar_attr(loc, name, t.get(), t.get(), p);
}

void write_attr(hid_t loc, const std::string& name, std::int64_t value) {
  write_scalar_attr(loc, name, H5T_NATIVE_INT64, H5T_STD_I64LE, value);
}

void write_attr(hid_t loc, const std::string& name, std::uint64_t value) {
  write_scalar_attr(loc, name, H5T_NATIVE_UINT64, H5T_STD_U64LE, value);
}

void write_attr(hid_t loc, const std::string& name, int value) {
  write_scalar_attr(loc, name, H5T_NATIVE_INT, H5T_STD_I32LE, value);
}

void write_attr(hid_t loc, const std::string& name, double value) {
  write_scalar_attr(loc, name, H5T_NATIVE_DOUBLE, H5T_IEEE_F64LE, value);
}

void write_attr(hid_t loc, const std::string& name, std::span<const int> values) {
  if (H5Aexists(loc, name.c_str()) > 0) check(H5Adelete(loc, name.c_str()), "cannot replace attribute " + name);
  const hsize_t n = values.size();
  Handle space = dataspace(H5Screate_simple(1, &n, nullptr), "cannot create dataspace");
  Handle a = attribute(H5Acreate2(loc, name.c_str(), H5T_STD_I32LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                       "cannot create attribute " + name);
  check(H5Awrite(a.get(), H5T_NATIVE_INT, values.data()), "cannot write attribute " + name);
}

bool has_attr(hid_t loc, const std::string& name) {
  const htri_t e = H5Aexists(loc, name.c_str());
  if (e < 0) H5Eclear2(H5E_DEFAULT);
  return e > 0;
}

H5T_class_t attr_class(hid_t loc, const std::string& name) {
  OpenAttr a = open_attr(loc, name);
  return H5Tget_class(a.type.get());
}

std::string read_string_attr(hid_t loc, const std::string& name) {
  OpenAttr a = open_attr(loc, name);
  if (H5Tget_class(a.type.get()) != H5T_STRING || a.points != 1) bad_attr(name, "a string");
  // HDF5 does not convert between ASCII and UTF-8, so read in the file's cset.
  const H5T_cset_t cset = H5Tget_cset(a.type.get());
  if (H5Tis_variable_str(a.type.get()) > 0) {
    Handle mem = datatype(H5Tcopy(H5T_C_S1), "cannot create string type");
    check(H5Tset_size(mem.get(), H5T_VARIABLE), "cannot create string type");
    check(H5Tset_cset(mem.get(), cset), "cannot create string type");
    char* p = nullptr;
    check(H5Aread(a.attr.get(), mem.get(), &p), "cannot read attribute " + name);
    std::string s = p ? p : "";
    H5Dvlen_reclaim(mem.get(), a.space.get(), H5P_DEFAULT, &p);
    return s;
  }
  const std::size_t size = H5Tget_size(a.type.get());
  if (size == 0 || size > kMaxAttributeBytes) bad_attr(name, "a string of a sane size");
  std::vector<char> buf(size + 1, '\0');
  Handle mem = datatype(H5Tcopy(a.type.get()), "cannot copy string type");
  check(H5Aread(a.attr.get(), mem.get(), buf.data()), "cannot read attribute " + name);
  std::string s(buf.data(), std::strlen(buf.data()));
  if (H5Tget_strpad(a.type.get()) == H5T_STR_SPACEPAD)
    while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::int64_t read_int_attr(hid_t loc, const std::string& name) {
  return read_numeric_attr<std::int64_t>(loc, name, H5T_NATIVE_INT64, false);
}

std::uint64_t read_uint_attr(hid_t loc, const std::string& name) {
  return read_numeric_attr<std::uint64_t>(loc, name, H5T_NATIVE_UINT64, false);
}

double read_double_attr(hid_t loc, const std::string& name) {
  return read_numeric_attr<double>(loc, name, H5T_NATIVE_DOUBLE, true);
}

std::vector<std::int64_t> read_int_array_attr(hid_t loc, const std::string& name) {
  OpenAttr a = open_attr(loc, name);
  if (H5Tget_class(a.type.get()) != H5T_INTEGER || a.points < 0 || a.points > 1024) bad_attr(name, "an integer array");
  std::vector<std::int64_t> v(static_cast<std::size_t>(a.points));
  if (!v.empty()) check(H5Aread(a.attr.get(), H5T_NATIVE_INT64, v.data()), "cannot read attribute " + name);
  return v;
}

CompoundTypes make_compound(std::size_t mem_size, std::span<const Field> fields) {
  CompoundTypes t;
  t.mem = datatype(H5Tcreate(H5T_COMPOUND, mem_size), "cannot create compound type");
  std::size_t file_size = 0;
  for (const Field& f : fields) file_size += H5Tget_size(f.file_type);
  t.file = datatype(H5Tcreate(H5T_COMPOUND, file_size), "cannot create compound type");
  std::size_t offset = 0;
  for (const Field& f : fields) {
    check(H5Tinsert(t.mem.get(), f.name, f.offset, f.mem_type), std::string("cannot add field ") + f.name);
    check(H5Tinsert(t.file.get(), f.name, offset, f.file_type), std::string("cannot add field ") + f.name);
    offset += H5Tget_size(f.file_type);
  }
  return t;
}

Handle create_table(hid_t loc, const std::string& name, hid_t file_type, std::size_t chunk_rows,
                    int deflate_level) {
  const hsize_t dims = 0, maxdims = H5S_UNLIMITED, chunk = chunk_rows;
  Handle space = dataspace(H5Screate_simple(1, &dims, &maxdims), "cannot create dataspace for " + name);
  Handle dcpl = plist(H5Pcreate(H5P_DATASET_CREATE), "cannot create dataset property list");
  check(H5Pset_chunk(dcpl.get(), 1, &chunk), "cannot set chunking for " + name);
  // Shuffle groups the bytes of each field across rows, which makes the
  // mostly-small integers and slowly-varying doubles compress far better.
  check(H5Pset_shuffle(dcpl.get()), "cannot set the shuffle filter for " + name);
  if (deflate_level > 0)
    check(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(deflate_level)), "cannot set compression for " + name);
  Handle lcpl = utf8_links();
  return dataset(H5Dcreate2(loc, name.c_str(), file_type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
                 "cannot create dataset " + name);
}

namespace {
// HDF5 zero-fills a type-conversion buffer and a background buffer of the
// transfer's buffer size (1 MB by default) on every read or write that
// converts, however few rows it moves. Readers take a table one field at a
// time (read_field), so a small results file's export made thousands of such
// reads and spent seconds in memset; a buffer sized to the rows moved (never
// above the default) makes each transfer cost what it moves.
Handle transfer_for(hid_t dset, hid_t mem_type, std::size_t n) {
  Handle file_type = datatype(H5Dget_type(dset), "cannot get table type");
  // The type H5Dget_type returns is the in-memory form; on disk a
  // variable-length string takes 16 bytes where memory takes 8, and HDF5
  // refuses a set buffer smaller than one element of either. Four times the
  // larger reported size, and never under 64 KiB, leaves room for that.
  const std::size_t element = 4 * std::max(H5Tget_size(file_type.get()), H5Tget_size(mem_type));
  constexpr std::size_t kDefaultBuffer = 1024 * 1024, kFloor = 64 * 1024;
  Handle dxpl = plist(H5Pcreate(H5P_DATASET_XFER), "cannot create transfer property list");
  // A type whose size HDF5 cannot tell (0) keeps the default and fails in the transfer, as before.
  if (element > 0)
    check(H5Pset_buffer(dxpl.get(), std::clamp<std::size_t>(element * n, std::max(kFloor, element),
                                                            std::max(kDefaultBuffer, element)),
                        nullptr, nullptr),
          "cannot size the conversion buffer");
  return dxpl;
}
}  // namespace

void append_rows(hid_t dset, hid_t mem_type, const void* rows, std::size_t n, std::uint64_t length) {
  if (n == 0) return;
  const hsize_t start = length, count = n, new_length = length + n;
  check(H5Dset_extent(dset, &new_length), "cannot extend table");
  Handle file_space = dataspace(H5Dget_space(dset), "cannot get table dataspace");
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr),
        "cannot select table rows");
  Handle mem_space = dataspace(H5Screate_simple(1, &count, nullptr), "cannot create dataspace");
  Handle dxpl = transfer_for(dset, mem_type, n);
  check(H5Dwrite(dset, mem_type, mem_space.get(), file_space.get(), dxpl.get(), rows), "cannot append table rows");
}

void read_rows(hid_t dset, hid_t mem_type, void* rows, std::uint64_t start, std::size_t n) {
  if (n == 0) return;
  const hsize_t first = start, count = n;
  Handle file_space = dataspace(H5Dget_space(dset), "cannot get table dataspace");
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &first, nullptr, &count, nullptr),
        "cannot select table rows");
  Handle mem_space = dataspace(H5Screate_simple(1, &count, nullptr), "cannot create dataspace");
  Handle dxpl = transfer_for(dset, mem_type, n);
  check(H5Dread(dset, mem_type, mem_space.get(), file_space.get(), dxpl.get(), rows), "cannot read table rows");
}

std::vector<hsize_t> shape(hid_t dset) {
  Handle space = dataspace(H5Dget_space(dset), "cannot get dataspace");
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail("cannot get dataspace rank");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "cannot get dataspace dims");
  return dims;
}

EnumTypes native_enum(hid_t file_enum, hid_t native_base) {
  if (H5Tget_class(file_enum) != H5T_ENUM) throw IoError("expected an enum type");
  EnumTypes out;
  out.mem = datatype(H5Tenum_create(native_base), "cannot create enum type");
  Handle super = datatype(H5Tget_super(file_enum), "cannot get enum base type");
  const int n = H5Tget_nmembers(file_enum);
  if (n < 0) fail("cannot count enum members");
  for (int i = 0; i < n; ++i) {
    char* raw = H5Tget_member_name(file_enum, static_cast<unsigned>(i));
    if (!raw) fail("cannot get enum member name");
    std::string name = raw;
    H5free_memory(raw);
    // Member values are stored in the base type; convert them through int64
    // so any integer base (int8, int16, ...) maps onto our native base.
    alignas(8) unsigned char buf[16] = {};
    check(H5Tget_member_value(file_enum, static_cast<unsigned>(i), buf), "cannot get enum member value");
    check(H5Tconvert(super.get(), H5T_NATIVE_INT64, 1, buf, nullptr, H5P_DEFAULT), "cannot convert enum value");
    std::int64_t value = 0;
    std::memcpy(&value, buf, sizeof value);
    check(H5Tconvert(H5T_NATIVE_INT64, native_base, 1, buf, nullptr, H5P_DEFAULT), "cannot convert enum value");
    check(H5Tenum_insert(out.mem.get(), name.c_str(), buf), "cannot add enum member " + name);
    out.members.emplace_back(std::move(name), value);
  }
  return out;
}

}  // namespace innosim::output::h5
