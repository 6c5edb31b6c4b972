//! API keys for the sources that need them. They come from environment variables (or, later,
//! values the config file supplies under the same names), never from command-line flags that
//! land in shell history, and they are never printed.

use std::collections::HashMap;
use std::fmt;

#[derive(Default, Clone)]
pub struct Secrets {
    overrides: HashMap<String, String>,
}

impl Secrets {
    /// Secrets read from the process environment only.
    pub fn from_env() -> Secrets {
        Secrets::default()
    }

    /// Supplies a value for `var` that takes precedence over the environment.
    pub fn insert(&mut self, var: &str, value: String) {
        self.overrides.insert(var.to_string(), value);
    }

    pub fn get(&self, var: &str) -> Option<String> {
        self.overrides
            .get(var)
            .cloned()
            .or_else(|| std::env::var(var).ok())
            .filter(|v| !v.trim().is_empty())
    }
}

/// Shows which variables are set, never their values.
impl fmt::Debug for Secrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.overrides.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win_and_debug_hides_values() {
        let mut s = Secrets::from_env();
        s.insert("JOBTAP_TEST_KEY", "hunter2".into());
        assert_eq!(s.get("JOBTAP_TEST_KEY").as_deref(), Some("hunter2"));
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(s.get("JOBTAP_SURELY_UNSET_VARIABLE"), None);
    }
}
