//! Wire tests: each generated client is called against a local server and what it sent is checked.

mod sftpgo;
