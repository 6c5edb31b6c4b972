//! `jobtap scrape`: fetch, normalize, tag, export.

use super::{parse_endpoint, parse_rate, DefinitionArgs, Exit, FilterArgs, OutputArgs};
use crate::definition::SourceSpec;
use crate::export::{self, Sink};
use crate::fetch::{FetchOptions, Fetcher, Rate, RetryPolicy};
use crate::scrape::{now, ScrapeOptions, Scraper};
use crate::secrets::Secrets;
use crate::tag::Tagger;
use anyhow::Context;
use clap::Args;
use std::{io::IsTerminal, time::Duration};
use url::Url;

#[derive(Debug, Args)]
pub struct ScrapeArgs {
    /// Sources as NAME or NAME:ARG (e.g. greenhouse:vercel lever:spotify remotive); see
    /// `jobtap sources`. None: the built-in search for customer-support jobs.
    #[arg(value_name = "SOURCE", value_parser = SourceSpec::parse)]
    pub sources: Vec<SourceSpec>,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub definitions: DefinitionArgs,
    /// Send a source's requests to another base URL (mirror, proxy, test server); repeatable.
    #[arg(long, value_name = "NAME=URL", value_parser = parse_endpoint)]
    pub endpoint: Vec<(String, Url)>,
    /// Override a source's polite default rate, e.g. remotive=1/min; repeatable.
    #[arg(long, value_name = "NAME=N/PERIOD", value_parser = parse_rate)]
    pub rate: Vec<(String, Rate)>,
    /// User-Agent header (default names jobtap and its version).
    #[arg(long, value_name = "TEXT")]
    pub user_agent: Option<String>,
    /// Time limit for each request.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = humantime::parse_duration)]
    pub timeout: Duration,
    /// Tries after a failed request (connection errors, timeouts, 429, 5xx).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: usize,
    /// First wait between tries; it doubles with each try (with jitter).
    #[arg(long, value_name = "DURATION", default_value = "500ms", value_parser = humantime::parse_duration)]
    pub backoff: Duration,
    /// Longest single wait between tries, including a server's Retry-After.
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = humantime::parse_duration)]
    pub max_wait: Duration,
    /// Largest response body accepted, in bytes after decompression.
    #[arg(long, value_name = "BYTES", default_value_t = 8 * 1024 * 1024)]
    pub max_body: usize,
    /// Fetch each posting's own page where a source's list lacks details (date, full
    /// description, pay); one more request per posting, within --limit.
    #[arg(long)]
    pub details: bool,
    /// Fetch pages that robots.txt disallows (off by default: be polite).
    #[arg(long)]
    pub ignore_robots: bool,
}

pub fn run(args: ScrapeArgs) -> anyhow::Result<Exit> {
    let registry = args.definitions.registry()?;
    let specs = if args.sources.is_empty() {
        registry.default_specs()
    } else {
        args.sources.clone()
    };
    if let Err(e) = args.output.check() {
        return Ok(usage(&e));
    }
    let tagger = Tagger::builtin();
    let filter = match args.filter.filter(&tagger, now()) {
        Ok(f) => f,
        Err(e) => return Ok(usage(&e)),
    };
    let opts = ScrapeOptions {
        query: args.filter.query.clone(),
        location: args.filter.location.clone(),
        limit: args.filter.limit,
        filter,
        explain: args.filter.explain,
        endpoints: args.endpoint.iter().cloned().collect(),
        rates: args.rate.iter().cloned().collect(),
        details: args.details,
    };
    let fetcher = Fetcher::new(FetchOptions {
        user_agent: args
            .user_agent
            .clone()
            .unwrap_or_else(crate::fetch::default_user_agent),
        timeout: args.timeout,
        max_body: args.max_body,
        retry: RetryPolicy {
            retries: args.retries,
            base: args.backoff,
            max_wait: args.max_wait,
            ..RetryPolicy::default()
        },
        ignore_robots: args.ignore_robots,
        ..FetchOptions::default()
    })?;
    let secrets = Secrets::from_env();
    let scraper = Scraper {
        registry: &registry,
        fetcher: &fetcher,
        tagger: &tagger,
        opts: &opts,
        secrets: &secrets,
    };
    if let Err(e) = scraper.check(&specs) {
        return Ok(usage(&e));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let runs = runtime.block_on(scraper.run(&specs));

    let failed = runs.iter().filter(|r| r.error.is_some()).count();
    for r in &runs {
        if let Some(e) = &r.error {
            eprintln!("jobtap: {}: {e}", r.spec);
        }
    }
    let total: usize = runs.iter().map(|r| r.postings.len()).sum();
    let exit = Exit::for_outcome(failed, runs.len(), total);
    let sink = args.output.sink();
    if exit == Exit::NothingFetched {
        if let Sink::File(path) = &sink {
            eprintln!(
                "jobtap: every source failed; {} left as it was",
                path.display()
            );
        }
        return Ok(exit);
    }
    let postings = runs.iter().flat_map(|r| &r.postings);
    sink.write_with(|w| {
        export::write_postings(w, args.output.format(), &args.output.options(), postings)
    })?;
    if std::io::stderr().is_terminal() {
        let parts: Vec<String> = runs
            .iter()
            .map(|r| {
                let status = if r.error.is_some() { ", failed" } else { "" };
                format!("{} {}{status}", r.spec, r.postings.len())
            })
            .collect();
        eprintln!("jobtap: {total} postings ({})", parts.join(", "));
    }
    Ok(exit)
}

fn usage(message: &str) -> Exit {
    eprintln!("jobtap: {message}");
    Exit::Usage
}
