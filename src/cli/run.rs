//! `jobtap run`: the saved searches of the config file; `jobtap init`: an example config.

use super::job;
use super::scrape::NetArgs;
use super::{format_for, log, print_listing, ConfigArg, DefinitionArgs, Exit};
use crate::clock::now;
use crate::config::{self, Config, SavedSearch};
use crate::definition::Registry;
use crate::export::ExportOptions;
use crate::fetch::FetchOptions;
use crate::filter::{companies, parse_since, phrases, Filter};
use crate::pipeline::{Invocation, Job};
use crate::scrape::ScrapeOptions;
use crate::secrets::Secrets;
use crate::tag::{Pending, Tagger};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Saved searches to run, by name; none: all of them, in file order.
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
    #[command(flatten)]
    pub config: ConfigArg,
    /// List the saved searches and exit (checks the file; fetches nothing).
    #[arg(long)]
    pub list: bool,
    /// The state database [default: the config's `state`, else the platform's data dir].
    #[arg(long, value_name = "PATH", env = "JOBTAP_STATE")]
    pub state: Option<PathBuf>,
    /// Fetch sources even within their min_interval.
    #[arg(long)]
    pub force: bool,
    /// When another run holds the state or a master sheet, wait (saying once which file)
    /// instead of exiting 5.
    #[arg(long)]
    pub wait: bool,
    #[command(flatten)]
    pub definitions: DefinitionArgs,
    #[command(flatten)]
    pub net: NetArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub config: ConfigArg,
}

pub fn init(args: InitArgs) -> anyhow::Result<Exit> {
    let path = args.config.path()?;
    if path.exists() {
        log::error(format!(
            "{} exists; not overwritten (edit it, or move it away first)",
            path.display()
        ));
        return Ok(Exit::Error);
    }
    crate::paths::make_parent_dir(&path)?;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, config::EXAMPLE.as_bytes()))
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    log::note(format!(
        "wrote {}: edit it, then `jobtap run`",
        path.display()
    ));
    Ok(Exit::Ok)
}

pub fn run(args: RunArgs) -> anyhow::Result<Exit> {
    let path = args.config.path()?;
    let config = match Config::load(&path) {
        Ok(c) => c,
        Err(e) => {
            log::error(e);
            return Ok(Exit::Usage);
        }
    };
    let known: Vec<&str> = config.searches.iter().map(|s| s.name.as_str()).collect();
    for n in &args.names {
        if !known.contains(&n.as_str()) {
            log::error(format!(
                "{n}: no such search in {} (known: {})",
                path.display(),
                known.join(", ")
            ));
            return Ok(Exit::Usage);
        }
    }
    if args.list {
        return print_listing(|w| {
            for s in &config.searches {
                let sources: Vec<String> = s.sources.iter().map(|x| x.to_string()).collect();
                writeln!(w, "{}\t{}", s.name, sources.join(" "))?;
            }
            Ok(())
        });
    }
    let mut registry = args.definitions.registry()?;
    for d in &config.definitions {
        registry.load_file(&config::expand(d))?;
    }
    let state = match (&args.state, &config.state) {
        (Some(p), _) => p.clone(),
        (None, Some(p)) => config::expand(p),
        (None, None) => crate::state::default_path()
            .ok_or_else(|| anyhow::anyhow!("no data directory here: pass --state PATH"))?,
    };
    let tagger = Pending::ready(Tagger::with_overrides(config.tag_rules())?);
    let searches: Vec<_> = config
        .searches
        .iter()
        .filter(|s| args.names.is_empty() || args.names.contains(&s.name))
        .collect();
    let fetch = args.net.fetch_options(config.source_timeout);
    let invocation = Invocation::new(&fetch, searches.len());
    let mut overall: Option<Exit> = None;
    for search in searches {
        log::note(format!("search {}", search.name));
        let job = job_for(
            search,
            &config.exclude_company,
            &registry,
            &args,
            &fetch,
            state.clone(),
        );
        let exit = match job.and_then(|j| job::execute(&j, &registry, &tagger, &invocation)) {
            Ok(e) => e,
            Err(e) => {
                log::error(format!("search {}: {e:#}", search.name));
                Exit::Error
            }
        };
        overall = Some(overall.map_or(exit, |o| together(o, exit)));
    }
    Ok(overall.unwrap_or(Exit::Ok))
}

/// The code for two searches together: a busy lock, then errors, say most. Otherwise the
/// sources of both count as one run's: nothing fetched only if neither fetched anything,
/// all well only if both were, and in between some sources failed.
fn together(a: Exit, b: Exit) -> Exit {
    let rank = |e: Exit| match e {
        Exit::Ok | Exit::Partial | Exit::NothingFetched => 0,
        Exit::Usage => 1,
        Exit::Error => 2,
        Exit::Busy => 3,
    };
    if rank(a) > 0 || rank(b) > 0 {
        return if rank(b) > rank(a) { b } else { a };
    }
    if a == b {
        a
    } else {
        Exit::Partial
    }
}

fn job_for(
    s: &SavedSearch,
    blocked: &[String],
    registry: &Registry,
    args: &RunArgs,
    fetch: &FetchOptions,
    state: PathBuf,
) -> anyhow::Result<Job> {
    let started = now();
    let location = if s.remote {
        Some("remote".to_string())
    } else {
        s.location.clone()
    };
    let filter = filter_for(s, blocked, location.as_deref(), started)?;
    let mut secrets = Secrets::from_env();
    for (var, from) in &s.keys {
        if let Ok(value) = std::env::var(from) {
            secrets.insert(var, value);
        }
    }
    let mut settings = std::collections::HashMap::new();
    for (source, table) in &s.settings {
        let def = registry
            .get(source)
            .ok_or_else(|| anyhow::anyhow!("settings for {source}: unknown source"))?;
        let mut merged = def.settings.clone();
        merged.extend(table.clone());
        settings.insert(source.clone(), merged);
    }
    let output = s.output.as_deref().map(config::expand);
    let notify = s
        .notify
        .iter()
        .map(|t| crate::notify::Target::parse(t).map_err(|e| anyhow::anyhow!("notify: {e}")))
        .collect::<anyhow::Result<_>>()?;
    Ok(Job {
        specs: if s.sources.is_empty() {
            registry.default_specs()
        } else {
            s.sources.clone()
        },
        opts: ScrapeOptions {
            query: s.query.clone(),
            location,
            limit: s.limit,
            filter,
            explain: false,
            endpoints: args.net.endpoint.iter().cloned().collect(),
            rates: args.net.rate.iter().cloned().collect(),
            details: s.details,
            settings,
        },
        fetch: fetch.clone(),
        secrets,
        format: s.format.unwrap_or_else(|| format_for(output.as_deref())),
        export: ExportOptions {
            bom: s.bom,
            raw_cells: s.raw_cells,
        },
        output,
        merge_into: s.merge_into.as_deref().map(config::expand),
        html: s.html.as_deref().map(config::expand),
        state: Some(state),
        scope: s.name.clone(),
        new_only: s.new_only || s.include_changed,
        include_changed: s.include_changed,
        force: args.force,
        wait: args.wait,
        notify,
        notify_format: s.notify_format.unwrap_or_default(),
        notify_first_run: s.notify_first_run,
    })
}

/// A saved search's filters, with the file's list of companies every search leaves out.
fn filter_for(
    s: &SavedSearch,
    blocked: &[String],
    location: Option<&str>,
    started: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<Filter> {
    let since = s
        .since
        .as_deref()
        .map(|x| parse_since(x, started))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let mut filter = Filter::new(s.query.as_deref(), location, since);
    filter.tags_any = s.tags.clone();
    filter.tags_none = s.not_tags.clone();
    filter.exclude = phrases(&s.exclude);
    filter.exclude_companies = companies(&[blocked, &s.exclude_company[..]].concat());
    filter.min_pay = s.min_pay;
    filter.require_pay = s.require_pay;
    filter.types = s.types.clone();
    filter.workplaces = s.workplace.clone();
    Ok(filter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_combine_as_one_run() {
        use Exit::*;
        for (a, b, both) in [
            (Ok, Ok, Ok),
            (NothingFetched, NothingFetched, NothingFetched),
            (Ok, NothingFetched, Partial),
            (NothingFetched, Ok, Partial),
            (Partial, NothingFetched, Partial),
            (Ok, Partial, Partial),
            (NothingFetched, Error, Error),
            (Busy, Error, Busy),
            (Usage, Ok, Usage),
        ] {
            assert_eq!(together(a, b), both, "{a:?} {b:?}");
        }
    }
}
