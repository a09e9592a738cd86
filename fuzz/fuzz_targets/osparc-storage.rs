//! Fuzz target: every osparc-storage model's decoding and every osparc-storage operation's response handling.
//! The input layout is documented on `specfleet_tests::fuzz::run`.
#![no_main]

use specfleet_tests::fuzz::{Service, run};

libfuzzer_sys::fuzz_target!(|input: &[u8]| run(Service::OsparcStorage, input));
