//! `cargo xtask add-service NAME --spec PATH`: register a new spec and generate its crate.
use std::ffi::OsString;
use anyhow::Result;
pub(crate) fn run(_args: Vec<OsString>) -> Result<()> {
    anyhow::bail!("not yet")
}
