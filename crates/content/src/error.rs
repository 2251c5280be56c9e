use std::fmt;
use std::path::PathBuf;

/// A problem in a content file, located precisely enough for an author to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file or folder.
    pub line: usize,
    pub message: String,
}

impl ContentError {
    pub fn new(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> Self {
        Self { file: file.into(), line, message: message.into() }
    }
}

impl ContentError {
    /// Every problem on a line of its own, as the runner, the build hooks and the tests print them.
    pub fn list(errors: &[ContentError]) -> String {
        errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    }
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
        }
    }
}

impl std::error::Error for ContentError {}
