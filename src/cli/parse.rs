//! `jobtap parse`: read saved responses offline with a source's adapter.

use super::{log, tag_rules, ConfigArg, DefinitionArgs, Exit, FilterArgs, OutputArgs};
use crate::adapters::{self, Adapter, ParseCtx};
use crate::clock::now;
use crate::definition::SourceSpec;
use crate::export;
use crate::finish::Finish;
use crate::posting::Posting;
use crate::tag::{Pending, TagHit, Tagger};
use anyhow::Context;
use clap::Args;
use std::sync::mpsc::SyncSender;
use std::thread::ScopedJoinHandle;
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
    if let Err(e) = args.output.sink().prepare() {
        log::error(e);
        return Ok(Exit::Error);
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
    // Files are read on one thread and their postings finished and written on this one, a
    // batch at a time: a feed of tens of thousands of items starts coming out while the rest
    // is still being read, and only a few batches are held at once.
    let (batches, received) = std::sync::mpsc::sync_channel::<Vec<Posting>>(2);
    std::thread::scope(|scope| {
        let reading = scope.spawn(|| read_all(&args, adapter, &ctx, batches));
        let explain = |p: &Posting, hits: &[TagHit]| log::explain(p, hits);
        let finish = Finish {
            tagger: tagger.get(),
            filter: &filter,
            query: true,
            explain: args.filter.explain.then_some(&explain),
        };
        let postings = received
            .into_iter()
            .flat_map(|batch| finish.all(batch))
            .take(args.filter.limit.unwrap_or(usize::MAX));
        write_as_read(&args, postings, reading)
    })
}

/// Reads every file into batches of postings sent to `batches`; returns how many files
/// failed (each said on stderr).
fn read_all(
    args: &ParseArgs,
    adapter: &dyn Adapter,
    ctx: &ParseCtx,
    batches: SyncSender<Vec<Posting>>,
) -> usize {
    let mut failed = 0;
    for file in &args.files {
        let (mut found, mut expired) = (0, 0);
        let mut send = |batch: Vec<Posting>| {
            found += batch.len();
            expired += batch
                .iter()
                .filter(|p| p.has_expired(ctx.fetched_at))
                .count();
            // Refused only once the writer has stopped (--limit reached, output closed):
            // the rest of the file is then read for its errors alone.
            let _ = batches.send(batch);
        };
        let parsed = read_file(file).and_then(|body| {
            adapter
                .parse_batches(&body, ctx, &mut send)
                .map_err(|e| anyhow::anyhow!(e))
        });
        match parsed {
            Err(e) => {
                failed += 1;
                log::error(format!("{}: {e:#}", file.display()));
            }
            // Read without error and yet empty: an empty board, or a page that is not (or
            // no longer) what this source's adapter reads.
            Ok(()) if found == 0 => log::note(format!(
                "{}: no postings in it (an empty board, or not the format {} reads)",
                file.display(),
                args.source.name
            )),
            // A saved page is read as it is, closed or not; the person is told.
            Ok(()) if expired > 0 => log::note(format!(
                "{}: {expired} {} expired (valid_through has passed); kept",
                file.display(),
                if expired == 1 {
                    "posting has"
                } else {
                    "postings have"
                }
            )),
            Ok(()) => {}
        }
    }
    failed
}

/// Writes the finished postings as they come. Output is begun only once there is something
/// to write or every file has been read: when all of them fail, an earlier output file is
/// left as it was.
fn write_as_read(
    args: &ParseArgs,
    postings: impl Iterator<Item = Posting>,
    reading: ScopedJoinHandle<'_, usize>,
) -> anyhow::Result<Exit> {
    let mut postings = postings.peekable();
    let mut written = 0;
    let write = |postings: &mut dyn Iterator<Item = Posting>| {
        args.output.sink().write_with(|w| {
            export::write_postings(w, args.output.format(), &args.output.options(), postings)
        })
    };
    let failed = if postings.peek().is_some() {
        write(&mut postings.by_ref().inspect(|_| written += 1))?;
        drop(postings);
        join(reading)
    } else {
        drop(postings);
        let failed = join(reading);
        if Exit::for_outcome(failed, args.files.len(), 0) != Exit::NothingFetched {
            write(&mut std::iter::empty())?;
        }
        failed
    };
    Ok(Exit::for_outcome(failed, args.files.len(), written))
}

fn join(reading: ScopedJoinHandle<'_, usize>) -> usize {
    reading
        .join()
        .expect("reading saved responses does not panic")
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
