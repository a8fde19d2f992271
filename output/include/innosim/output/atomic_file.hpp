#pragma once
// Files written whole or not at all (results files, reports, exports): the content goes to
// a temporary beside the target, is fsync'ed, and is published under the
// target's name in one step; an existing target is replaced only with
// `force` (without it, link(2) makes the check and the publication atomic,
// so a file created meanwhile is never clobbered).
#include <filesystem>
#include <string>

namespace innosim::output {

/// A temporary path beside `target` ("<target>.tmp-<pid>").
std::filesystem::path temporary_beside(const std::filesystem::path& target);

/// fsyncs `temporary`, moves it onto `target` and syncs the directory;
/// ConfigError (exit 2) when `target` exists and !force. Removes the
/// temporary on failure.
void publish_file(const std::filesystem::path& temporary, const std::filesystem::path& target, bool force);

/// Moves a synced `temporary` onto `target` (link(2) without force, so the
/// check and the publication are one step), nothing else.
void move_into_place(const std::filesystem::path& temporary, const std::filesystem::path& target, bool force);

/// Flushes a file's data and metadata to disk; for a directory, best effort
/// (some file systems cannot open or sync one).
void sync_path(const std::filesystem::path& path, bool directory);

/// "output file '<target>' already exists; use --force to overwrite it".
std::string already_exists_message(const std::filesystem::path& target);

/// Writes `data` to `target` atomically (temporary, fsync, publish).
void write_file_atomically(const std::filesystem::path& target, const std::string& data, bool force);

/// Checks before any work starts that a results file may be written at
/// `target`: a missing path, or (with `force`) a regular file or a symbolic
/// link to one, in an existing directory. Anything else is refused with
/// ConfigError (exit 2), `force` or not: a directory, a FIFO, a device
/// (`-o /dev/null --force` would replace the system's /dev/null), a socket,
/// a dangling symbolic link (the run would be wasted: the rename at the end
/// cannot publish through it), an existing file without `force`.
void check_output_target(const std::filesystem::path& target, bool force);


}  // namespace innosim::output
