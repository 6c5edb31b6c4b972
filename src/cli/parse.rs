//! `jobtap parse`: read saved responses offline with a source's adapter.

use super::{log, tag_rules, ConfigArg, DefinitionArgs, Exit, FilterArgs, OutputArgs};
use crate::adapters::{self, ParseCtx};
use crate::definition::SourceSpec;
use crate::export;
use crate::scrape::{finish_all, now};
use crate::tag::{Pending, Tagger};
use anyhow::Context;
use clap::Args;
use std::{io::Read, path::PathBuf};

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The source whose format the files are in, as NAME or NAME:ARG.
    #[arg(short, long, value_name = "SOURCE", value_parser = SourceSpec::parse)]
    pub source: SourceSpec,
    /// Saved response bodies (JSON, HTML or XML as the site served them); `-` is stdin.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub definitions: DefinitionArgs,
    #[command(flatten)]
    pub config: ConfigArg,
}

pub fn run(args: ParseArgs) -> anyhow::Result<Exit> {
    let registry = args.definitions.registry()?;
    let Some(def) = registry.get(&args.source.name) else {
        log::error(format!(
            "{}: unknown source (known: {})",
            args.source.name,
            registry.names().join(", ")
        ));
        return Ok(Exit::Usage);
    };
    let adapter = adapters::by_name(&def.adapter).context("definition names a known adapter")?;
    let fetched_at = now();
    if let Err(e) = args.output.check() {
        log::error(e);
        return Ok(Exit::Usage);
    }
    let rules = tag_rules(&args.config)?;
    let filter = match args.filter.filter(&rules, fetched_at) {
        Ok(f) => f,
        Err(e) => {
            log::error(e);
            return Ok(Exit::Usage);
        }
    };
    // The automaton builds while the files are read and parsed.
    let tagger = Pending::spawn(move || Tagger::new(rules).expect("rules checked with the config"));
    let ctx = ParseCtx {
        source: &def.name,
        arg: args.source.arg.as_deref(),
        url: &def.base_url,
        fetched_at,
    };
    let mut postings = Vec::new();
    let mut failed = 0;
    for file in &args.files {
        let parsed = read_file(file)
            .and_then(|body| adapter.parse(&body, &ctx).map_err(|e| anyhow::anyhow!(e)));
        match parsed {
            Ok(page) => {
                let from_file = finish_all(
                    page.postings,
                    tagger.get(),
                    &filter,
                    true,
                    args.filter.explain,
                );
                let room = args
                    .filter
                    .limit
                    .map_or(usize::MAX, |l| l.saturating_sub(postings.len()));
                if postings.is_empty() {
                    postings = from_file;
                    postings.truncate(room);
                } else {
                    postings.extend(from_file.into_iter().take(room));
                }
            }
            Err(e) => {
                failed += 1;
                log::error(format!("{}: {e:#}", file.display()));
            }
        }
    }
    let exit = Exit::for_outcome(failed, args.files.len(), postings.len());
    if exit != Exit::NothingFetched {
        args.output.sink().write_with(|w| {
            export::write_postings(w, args.output.format(), &args.output.options(), &postings)
        })?;
    }
    Ok(exit)
}

/// A saved response: mapped when it is a regular file (a feed of tens of megabytes is then
/// read straight from the page cache, with no copy), read into memory when it is stdin.
enum Saved {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl std::ops::Deref for Saved {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Saved::Mapped(m) => m,
            Saved::Read(v) => v,
        }
    }
}

fn read_file(path: &PathBuf) -> anyhow::Result<Saved> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        return Ok(Saved::Read(buf));
    }
    let cannot = || format!("cannot read {}", path.display());
    let file = std::fs::File::open(path).with_context(cannot)?;
    // A pipe or device is read, not mapped.
    let is_file = file.metadata().is_ok_and(|m| m.is_file() && m.len() > 0);
    if is_file {
        // SAFETY: the map is read-only and lives only while this file is parsed. A file
        // that another process truncates meanwhile could fault the read; a saved response
        // is not one that anything else writes to.
        if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
            return Ok(Saved::Mapped(map));
        }
    }
    let mut buf = Vec::new();
    (&file).read_to_end(&mut buf).with_context(cannot)?;
    Ok(Saved::Read(buf))
}
