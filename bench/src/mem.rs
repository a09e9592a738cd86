//! The process's resident memory and CPU time from /proc/self: the current size and the peak
//! since the last reset, which is what the memory rows report (no allocator hook: the workspace
//! forbids unsafe), and the on-CPU time of all its threads, which other processes competing for
//! the cores inflate far less than wall time.

use anyhow::{Context, Result, bail};

/// One `Vm*:` field of /proc/self/status, in KiB.
fn status_kib(field: &str) -> Result<u64> {
    let status =
        std::fs::read_to_string("/proc/self/status").context("cannot read /proc/self/status")?;
    let Some(line) = status
        .lines()
        .find(|line| line.starts_with(field) && line[field.len()..].starts_with(':'))
    else {
        bail!("/proc/self/status has no {field} line");
    };
    line[field.len() + 1..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .with_context(|| format!("cannot read the number in `{line}`"))
}

/// The resident set now, in KiB.
pub(crate) fn rss_kib() -> Result<u64> {
    status_kib("VmRSS")
}

/// The peak resident set since the process started or since [`reset_peak`], in KiB.
pub(crate) fn peak_kib() -> Result<u64> {
    status_kib("VmHWM")
}

/// Restarts the peak from the current resident set (Linux: "5" to clear_refs resets VmHWM).
pub(crate) fn reset_peak() -> Result<()> {
    std::fs::write("/proc/self/clear_refs", "5")
        .context("cannot reset the peak resident set through /proc/self/clear_refs")?;
    let (now, peak) = (rss_kib()?, peak_kib()?);
    // The reset must take, or every peak would be the process's lifetime peak.
    if peak > now + 1024 {
        bail!("VmHWM did not reset ({peak} KiB after the reset, {now} KiB resident)");
    }
    Ok(())
}

/// The time all threads of this process have spent on a CPU, in seconds (the first field of each
/// thread's schedstat, in nanoseconds).
pub(crate) fn cpu_seconds() -> Result<f64> {
    let mut nanoseconds = 0u64;
    for task in std::fs::read_dir("/proc/self/task").context("cannot list /proc/self/task")? {
        let path = task?.path().join("schedstat");
        let schedstat = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        nanoseconds += schedstat
            .split_whitespace()
            .next()
            .and_then(|field| field.parse::<u64>().ok())
            .with_context(|| format!("cannot read `{}` in {}", schedstat.trim(), path.display()))?;
    }
    Ok(nanoseconds as f64 / 1e9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peak_follows_an_allocation_and_resets() {
        reset_peak().expect("reset");
        let before = peak_kib().expect("peak");
        let block = vec![1u8; 64 * 1024 * 1024];
        let during = peak_kib().expect("peak");
        assert!(
            during >= before + 60 * 1024,
            "{before} KiB -> {during} KiB after touching 64 MiB"
        );
        drop(std::hint::black_box(block));
        reset_peak().expect("reset");
        assert!(peak_kib().expect("peak") < during);
    }

    #[test]
    fn cpu_time_grows_with_work() {
        let before = cpu_seconds().expect("cpu time");
        let mut sum = 0u64;
        for value in 0..50_000_000u64 {
            sum = sum.wrapping_add(std::hint::black_box(value));
        }
        std::hint::black_box(sum);
        assert!(cpu_seconds().expect("cpu time") > before);
    }
}
