//! `jobtap sources`: what can be scraped, how fast, and on what terms.

use super::{print_listing, DefinitionArgs, Exit};
use clap::Args;

#[derive(Debug, Args)]
pub struct SourcesArgs {
    #[command(flatten)]
    pub definitions: DefinitionArgs,
}

pub fn run(args: SourcesArgs) -> anyhow::Result<Exit> {
    let registry = args.definitions.registry()?;
    let defaults: Vec<String> = registry
        .default_specs()
        .iter()
        .map(|s| match &s.arg {
            // Quoted as a shell needs it, and as the README writes it.
            Some(arg) if arg.contains(' ') => format!("{}:\"{arg}\"", s.name),
            _ => s.to_string(),
        })
        .collect();
    print_listing(|w| {
        for def in registry.iter() {
            let usage = match &def.argument {
                Some(a) if a.starts_with('[') => {
                    format!("{}{}", def.name, a.replacen('[', "[:", 1))
                }
                Some(a) => format!("{}:{a}", def.name),
                None => def.name.clone(),
            };
            writeln!(w, "{usage}")?;
            writeln!(w, "    {}", def.description)?;
            writeln!(w, "    rate: {}   site: {}", def.rate, def.homepage)?;
            writeln!(w, "    terms: {}", def.terms)?;
        }
        writeln!(w)?;
        writeln!(
            w,
            "Default search (jobtap scrape with no SOURCE): {}",
            defaults.join(" ")
        )
    })
}
