//! The index writer's directory: files read with positioned reads, not mapped.
//!
//! Owns: [`ReadDirectory`], tantivy's [`MmapDirectory`] with one change: a
//! file is read by `pread` into a buffer of its own instead of being mapped.
//! A merge reads every byte of the segments it merges once, term by term.
//! Mapped, each page it touched stayed in the process's resident memory
//! until the merge ended, so a merge held as much memory as it read (merging
//! three 345 MB segments of the 100k corpus peaked at 1,028 MB); read into
//! buffers, a term's postings are dropped once written, and a merge holds
//! only what tantivy reads whole: term dictionaries, norms, columnar fields,
//! and one segment's document store at a time, while it is copied (the same
//! merge, read so, peaked at 205 MB and took as long: BENCHMARKS.md,
//! twenty-sixth round). Searches keep mapping their files: they read a few
//! pages of each, where a buffer would copy what the mapping shares.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::HasLen;

/// A folder whose files are read with `pread` and written as
/// [`MmapDirectory`] writes them.
#[derive(Debug, Clone)]
pub struct ReadDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl ReadDirectory {
    /// The directory at `root`, which must exist.
    pub fn open(root: &Path) -> tantivy::Result<ReadDirectory> {
        Ok(ReadDirectory {
            inner: MmapDirectory::open(root)?,
            root: root.to_path_buf(),
        })
    }
}

/// An open file read at offsets: each read is a buffer of its own.
#[derive(Debug)]
struct ReadFile {
    file: File,
    len: usize,
}

impl HasLen for ReadFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for ReadFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        use std::os::unix::fs::FileExt;
        if range.end > self.len || range.start > range.end {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("bytes {range:?} asked of a file of {} bytes", self.len),
            ));
        }
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        let mut buf = vec![0u8; range.len()];
        self.file.read_exact_at(&mut buf, range.start as u64)?;
        Ok(OwnedBytes::new(buf))
    }
}

impl Directory for ReadDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let wrap = |e: io::Error| {
            if e.kind() == io::ErrorKind::NotFound {
                OpenReadError::FileDoesNotExist(path.to_path_buf())
            } else {
                OpenReadError::wrap_io_error(e, path.to_path_buf())
            }
        };
        let file = File::open(self.root.join(path)).map_err(wrap)?;
        let len = file.metadata().map_err(wrap)?.len();
        let len = usize::try_from(len).map_err(|_| {
            wrap(io::Error::new(
                io::ErrorKind::InvalidData,
                "larger than this machine can address",
            ))
        })?;
        Ok(Arc::new(ReadFile { file, len }))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(name: &str, bytes: &[u8]) -> (tempfile::TempDir, ReadDirectory) {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::write(tmp.path().join(name), bytes).expect("write");
        let dir = ReadDirectory::open(tmp.path()).expect("open");
        (tmp, dir)
    }

    #[test]
    fn a_file_reads_the_bytes_asked_for_and_nothing_past_its_end() {
        let (_tmp, dir) = dir_with("f", b"abcdefgh");
        let f = dir.get_file_handle(Path::new("f")).expect("handle");
        assert_eq!(f.len(), 8);
        assert_eq!(f.read_bytes(2..5).expect("read").as_slice(), b"cde");
        assert_eq!(f.read_bytes(0..8).expect("read").as_slice(), b"abcdefgh");
        // an empty range is empty, wherever it stands (tantivy asks for the
        // empty positions of terms that have none)
        assert!(f.read_bytes(8..8).expect("read").is_empty());
        assert!(f.read_bytes(6..9).is_err());
        assert!(matches!(
            dir.get_file_handle(Path::new("missing")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
    }
}
