//! `jobtap sources`: what can be scraped, how fast, and on what terms.

use super::{DefinitionArgs, Exit};
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
        .map(|s| s.to_string())
        .collect();
    for def in registry.iter() {
        let usage = match &def.argument {
            Some(a) if a.starts_with('[') => format!("{}{}", def.name, a.replacen('[', "[:", 1)),
            Some(a) => format!("{}:{a}", def.name),
            None => def.name.clone(),
        };
        println!("{usage}");
        println!("    {}", def.description);
        println!("    rate: {}   site: {}", def.rate, def.homepage);
        println!("    terms: {}", def.terms);
    }
    println!();
    println!(
        "Default search (jobtap scrape with no SOURCE): {}",
        defaults.join(" ")
    );
    Ok(Exit::Ok)
}
