//! `jobtap tags`: the tag taxonomy.

use super::{tag_rules, ConfigArg, Exit};

pub fn run(config: ConfigArg) -> anyhow::Result<Exit> {
    let rules = tag_rules(&config)?;
    let width = rules.iter().map(|r| r.name.len()).max().unwrap_or(0);
    for rule in &rules {
        println!("{:width$}  {}", rule.name, rule.definition);
    }
    Ok(Exit::Ok)
}
