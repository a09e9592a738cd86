//! Wire tests: each generated client is called against a local server and what it sent is checked.

mod cbrain;
mod contract;
mod fault_servers;
mod faults;
mod mocks;
mod operations;
mod osparc_storage;
mod qi_compute;
mod rokka;
mod sftpgo;
mod support;
