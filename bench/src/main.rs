//! specfleet's benchmarks: the generated clients and the facade against hand-written reqwest
//! code, side by side in one run. `cargo xtask bench` builds this binary in release mode and
//! runs `suite`; `serve` and `client` are the processes the suite starts.

mod client;
mod compile;
mod mem;
mod payload;
mod report;
mod server;
mod suite;

use std::collections::BTreeSet;
use std::path::PathBuf;

use anyhow::{Context, Result, bail};

const HELP: &str = "\
specfleet-bench <command>

Commands:
  suite --root DIR --out FILE [--quick] [--only GROUP,...] [--skip GROUP,...] [--xtask PATH]
        [--command TEXT]
      Run the scenarios and write the report to FILE. GROUPs: requests, decode, download,
      upload, compile, regenerate. --quick uses tiny sizes and skips compile and regenerate.
      --xtask is the xtask binary the regenerate group runs; --command is the command line the
      report names.
  render --root DIR --results FILE --out FILE
      Render saved results (the JSON a suite run leaves in target/bench/) again, for example
      after editing bench/FINDINGS.md.
  serve [--records N]
      The loopback server; prints its port, exits when stdin closes. N userfiles are prepared
      up front.
  client SCENARIO VARIANT[,VARIANT...] --url URL --size N [--warmup N] [--blocks N]
      Measured trials, printed as JSON lines. SCENARIOs: get, post, decode,
      download-cbrain, download-rokka, upload-cbrain, upload-rokka; VARIANTs: generated,
      facade, raw, slice, slice-path. get and post take several variants and measure N
      blocks of --size requests through each in turn, after --warmup unmeasured ones;
      downloads and uploads, N blocks of one transfer of --size bytes, after an unmeasured
      transfer of --warmup bytes; decode takes one variant.
";

fn main() -> Result<()> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next()? {
        Some(Value(command)) => command.string()?,
        Some(Long("help") | Short('h')) | None => {
            print!("{HELP}");
            return Ok(());
        }
        Some(other) => return Err(other.unexpected().into()),
    };
    match command.as_str() {
        "serve" => {
            let mut records = 0;
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("records") => records = parser.value()?.parse()?,
                    _ => return Err(arg.unexpected().into()),
                }
            }
            server::run(records)
        }
        "client" => {
            let mut positional = Vec::new();
            let (mut url, mut size, mut warmup, mut blocks) = (None, None, 0, 1);
            while let Some(arg) = parser.next()? {
                match arg {
                    Value(value) => positional.push(value.string()?),
                    Long("url") => url = Some(parser.value()?.string()?),
                    Long("size") => size = Some(parser.value()?.parse()?),
                    Long("warmup") => warmup = parser.value()?.parse()?,
                    Long("blocks") => blocks = parser.value()?.parse()?,
                    _ => return Err(arg.unexpected().into()),
                }
            }
            let [scenario, variants] = positional.as_slice() else {
                bail!("client needs SCENARIO VARIANT; `specfleet-bench --help` lists them");
            };
            client::run(&client::Args {
                scenario: client::Scenario::parse(scenario)?,
                variants: variants
                    .split(',')
                    .map(client::Variant::parse)
                    .collect::<Result<_>>()?,
                url: url.context("client needs --url")?,
                size: size.context("client needs --size")?,
                warmup,
                blocks,
            })
        }
        "render" => {
            let (mut root, mut results, mut out) = (None, None, None);
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("root") => root = Some(PathBuf::from(parser.value()?)),
                    Long("results") => results = Some(PathBuf::from(parser.value()?)),
                    Long("out") => out = Some(PathBuf::from(parser.value()?)),
                    _ => return Err(arg.unexpected().into()),
                }
            }
            report::Report::render(
                &root.context("render needs --root")?,
                &results.context("render needs --results")?,
                &out.context("render needs --out")?,
            )
        }
        "suite" => {
            let (mut root, mut out, mut xtask, mut command) = (None, None, None, None);
            let mut quick = false;
            let (mut only, mut skip) = (None::<BTreeSet<_>>, BTreeSet::new());
            while let Some(arg) = parser.next()? {
                match arg {
                    Long("root") => root = Some(PathBuf::from(parser.value()?)),
                    Long("out") => out = Some(PathBuf::from(parser.value()?)),
                    Long("xtask") => xtask = Some(PathBuf::from(parser.value()?)),
                    Long("command") => command = Some(parser.value()?.string()?),
                    Long("quick") => quick = true,
                    Long("only") => only = Some(groups(&parser.value()?.string()?)?),
                    Long("skip") => skip.extend(groups(&parser.value()?.string()?)?),
                    _ => return Err(arg.unexpected().into()),
                }
            }
            let mut selected: BTreeSet<_> =
                only.unwrap_or_else(|| suite::Group::ALL.into_iter().collect());
            if quick {
                skip.extend(suite::Plan::quick_skips());
            }
            selected.retain(|group| !skip.contains(group));
            if selected.is_empty() {
                bail!("--only and --skip leave no group to run");
            }
            let root = root.context("suite needs --root")?;
            let options = suite::Options {
                out: out.context("suite needs --out")?,
                xtask,
                command: command.unwrap_or_else(|| "specfleet-bench suite".to_owned()),
                root,
            };
            suite::run(&suite::Plan::new(quick, selected), &options)
        }
        other => bail!("unknown command `{other}`; `specfleet-bench --help` lists the commands"),
    }
}

fn groups(list: &str) -> Result<BTreeSet<suite::Group>> {
    list.split(',')
        .map(|name| suite::Group::parse(name.trim()))
        .collect()
}
