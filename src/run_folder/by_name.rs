//! A map keyed by a vocabulary value and kept in the order of the values' spellings: how
//! `summary.json` holds latency per operation and items per failure class. Written as a JSON
//! object whose keys are the spellings, sorted, and read back into the typed keys, so a reader
//! looks up `Operation::CreateFolder`, not the string `"create-folder"`, and walks the entries
//! in the file's order.

use std::collections::BTreeMap;

use serde::de::{Error as _, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::spelling::Spelled;

/// Values by a [`Spelled`] key, in the order of the keys' spellings.
#[derive(Debug, Clone, PartialEq)]
pub struct ByName<K, V> {
    entries: BTreeMap<&'static str, (K, V)>,
}

impl<K, V> Default for ByName<K, V> {
    fn default() -> Self {
        ByName {
            entries: BTreeMap::new(),
        }
    }
}

impl<K: Spelled, V> ByName<K, V> {
    /// The value of `key`, if the map has one.
    pub fn get(&self, key: K) -> Option<&V> {
        self.entries.get(key.spelling()).map(|(_, value)| value)
    }

    /// Sets the value of `key`, returning the one it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        self.entries
            .insert(key.spelling(), (key, value))
            .map(|(_, old)| old)
    }

    /// The entries, in the order of the keys' spellings.
    pub fn iter(&self) -> impl Iterator<Item = (K, &V)> {
        self.entries.values().map(|(key, value)| (*key, value))
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'a, K: Spelled, V> IntoIterator for &'a ByName<K, V> {
    type Item = (K, &'a V);
    type IntoIter = std::iter::Map<
        std::collections::btree_map::Values<'a, &'static str, (K, V)>,
        fn(&'a (K, V)) -> (K, &'a V),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.values().map(|(key, value)| (*key, value))
    }
}

impl<K: Spelled, V> FromIterator<(K, V)> for ByName<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut map = ByName::default();
        for (key, value) in iter {
            map.insert(key, value);
        }
        map
    }
}

impl<K: Spelled, V: Serialize> Serialize for ByName<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (name, (_, value)) in &self.entries {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de, K: Spelled, V: Deserialize<'de>> Deserialize<'de> for ByName<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(std::marker::PhantomData<(K, V)>);

        impl<'de, K: Spelled, V: Deserialize<'de>> Visitor<'de> for Entries<K, V> {
            type Value = ByName<K, V>;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "an object keyed by {}", K::WHAT)
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = ByName::default();
                while let Some(name) = access.next_key::<String>()? {
                    let key = K::from_spelling(&name).map_err(A::Error::custom)?;
                    let value = access.next_value()?;
                    if map.insert(key, value).is_some() {
                        return Err(A::Error::custom(format!(
                            "{} {name:?} appears twice",
                            K::WHAT
                        )));
                    }
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::attempt::Operation;

    #[test]
    fn entries_are_in_spelling_order_and_read_back_typed() {
        let map: ByName<Operation, u64> = [
            (Operation::UploadSimple, 3),
            (Operation::CreateFolder, 1),
            (Operation::GetItem, 2),
        ]
        .into_iter()
        .collect();
        let json = serde_json::to_string(&map).expect("serializes");
        assert_eq!(
            json,
            r#"{"create-folder":1,"get-item":2,"upload-simple":3}"#
        );
        let back: ByName<Operation, u64> = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, map);
        assert_eq!(back.get(Operation::GetItem), Some(&2));
        assert_eq!(back.get(Operation::Token), None);
        let keys: Vec<Operation> = back.iter().map(|(key, _)| key).collect();
        assert_eq!(
            keys,
            [
                Operation::CreateFolder,
                Operation::GetItem,
                Operation::UploadSimple
            ]
        );
    }

    #[test]
    fn an_unknown_or_repeated_key_is_an_error() {
        let error = serde_json::from_str::<ByName<Operation, u64>>(r#"{"teleport":1}"#)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("unknown operation \"teleport\"; expected one of resolve-site,"),
            "{error}"
        );
        let error = serde_json::from_str::<ByName<Operation, u64>>(r#"{"token":1,"token":2}"#)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("operation \"token\" appears twice"),
            "{error}"
        );
    }
}
