//! JSON objects for the crate's structs: their serde impls come from one [`object_impls!`] call
//! per struct in `types.rs`, not from serde's derive.
//!
//! `#[derive(Deserialize)]` writes, for every struct, a field enum, a field visitor that reads a
//! key as an integer, a string or bytes, a sequence visitor and a map visitor: code JSON never
//! reaches, which `rustc` type-checks and borrow-checks all the same, several times over per
//! field. On the largest specs it was most of a generated crate's compile time (a 25-field struct
//! cost ~55 ms of `cargo check`). A struct here implements [`Object`]: one loop over the keys with
//! one arm per property, and [`object`] does the rest once for all of them. Writing and `Debug`
//! share one body per struct, [`Fields::fields`], which gives each property to a [`Visit`]: a
//! derived `Debug` was a second body as long as it (14% of the MIR rustc kept for Stripe's
//! crate).
//!
//! On the wire this reads as the derive did: unknown keys are skipped, an absent optional
//! property is `None`, an absent required one is serde's `missing field` error. Unlike the
//! derive, a key given twice keeps its last value (as `serde_json::Value` does) and an object
//! is never read from an array.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A struct read from a JSON object, one key at a time.
pub trait Object: Sized {
    /// The properties the struct knows, by wire name, and whether each is required: how well
    /// an object fits this struct, when a union weighs its branches (see `runtime::untagged`).
    const PROPERTIES: &'static [(&'static str, bool)];
    /// Reads the rest of the object from `map`.
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a struct that is an [`Object`].
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The type's own name (`Customer`), without its module path: a constant per type would
        // be one more item per struct for rustc to check.
        let name = std::any::type_name::<T>();
        write!(f, "a `{}` object", name.rsplit("::").next().unwrap_or(name))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// A key of an object, borrowed from the input where it can be.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string (for a property the schema does not name).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of a property into its slot (a key given twice keeps its last value).
pub fn next<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key the struct does not read.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

/// Reads the value of a key the schema does not name into the struct's map of them.
pub fn next_extra<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut std::collections::BTreeMap<String, T>,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    extra.insert(key.into_string(), value);
    Ok(())
}

/// serde's `missing field` error, for a required property the object left out.
pub fn missing<E: de::Error>(name: &'static str) -> E {
    E::missing_field(name)
}

/// The `Serialize` and `Debug` impls of a struct (both through one [`Fields`] body, which gives
/// each property to a [`Visit`]) and, where the crate reads it, its `Deserialize` and [`Object`]
/// impls: one line per property in `types.rs` rather than four, so the generator parses and
/// prints a quarter of the code (the expansion is what a hand-written impl would be).
///
/// ```text
/// object_impls! { #[cfg(..)] read Name { field: Type = "wire" how finish, .. } .. extra }
/// ```
///
/// `read` or `write` (`Serialize` only); per property the field, its type (the slots are typed:
/// left to inference, rustc's type check of a wide struct's `read` grows with the square of its
/// fields), its wire name, the [`Visit`] method that gives it (`field`, `optional`,
/// `nullable`) and how reading it finishes (`required`: [`missing`] if the object left it out;
/// `present`: its default, `None`, `Absent` or `null`); `.. extra` names the map of the
/// properties the schema does not name. Every key is read into an `Option` slot (a key given
/// twice keeps its last value); unknown keys are skipped or kept in `extra`.
///
/// The expansion has no `?` per property: each arm of the key `match` gives a `Result` and the
/// loop applies `?` once; a required property is a `let .. else`; writing goes on through
/// an object writer that keeps the first error. Each `?` is a `Try` desugaring rustc
/// type-checks, borrow-checks and keeps the MIR of: per property, on GitHub's crate, they were
/// 9% of `cargo check`'s time and 15% of its memory.
#[allow(unused_macros)] // a crate whose spec has no object types calls it nowhere
macro_rules! object_impls {
    (
        $(#[$attr:meta])* $mode:ident $name:ident {
            $($field:ident: $ty:ty = $wire:literal $how:ident $finish:ident),* $(,)?
        } $(.. $extra:ident)?
    ) => {
        $(#[$attr])*
        impl $crate::runtime::Fields for $name {
            fn fields<V: $crate::runtime::Visit>(&self, #[allow(unused)] visit: &mut V) {
                $(visit.$how(stringify!($field), $wire, &self.$field);)*
                $(visit.extra(stringify!($extra), &self.$extra);)?
            }
        }

        $(#[$attr])*
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $crate::runtime::serialize(self, serializer)
            }
        }

        $(#[$attr])*
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::runtime::debug(self, stringify!($name), f)
            }
        }
        $crate::runtime::object_impls!(@$mode $(#[$attr])* $name { $($field: $ty = $wire $finish),* } $(.. $extra)?);
    };
    (@write $($rest:tt)*) => {};
    (@read $(#[$attr:meta])* $name:ident { $($field:ident: $ty:ty = $wire:literal $finish:ident),* } $(.. $extra:ident)?) => {
        $(#[$attr])*
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::object(deserializer)
            }
        }

        $(#[$attr])*
        impl $crate::runtime::Object for $name {
            const PROPERTIES: &'static [(&'static str, bool)] =
                &[$(($wire, $crate::runtime::object_impls!(@is $finish))),*];
            fn read<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field: Option<$ty> = None;)*
                $(let mut $extra = ::std::collections::BTreeMap::new();)?
                while let Some(key) = map.next_key::<$crate::runtime::Key<'de>>()? {
                    match key.as_str() {
                        $($wire => $crate::runtime::next(&mut map, &mut $field),)*
                        _ => $crate::runtime::object_impls!(@other map key $($extra)?),
                    }?;
                }
                $($crate::runtime::object_impls!(@$finish $field $wire);)*
                Ok(Self { $($field,)* $($extra)? })
            }
        }
    };
    (@is required) => { true };
    (@is present) => { false };
    (@required $field:ident $wire:literal) => {
        let Some($field) = $field else { return Err($crate::runtime::missing($wire)) };
    };
    (@present $field:ident $wire:literal) => {
        let $field = $field.unwrap_or_default();
    };
    (@other $map:ident $key:ident) => {
        $crate::runtime::skip(&mut $map)
    };
    (@other $map:ident $key:ident $extra:ident) => {
        $crate::runtime::next_extra(&mut $map, $key, &mut $extra)
    };
}
#[allow(unused_imports)]
pub(crate) use object_impls;

/// The properties of a struct, in order, for its `Serialize` and `Debug` impls: both go through
/// this one body (a line per property) instead of a body each.
pub trait Fields {
    /// Gives each property to `visit`.
    fn fields<V: Visit>(&self, visit: &mut V);
}

/// What [`Fields::fields`] gives the properties to: the JSON object being written, or the
/// `Debug` output. Each property comes with its field's name and its wire name.
pub trait Visit {
    /// A property always written (`null` for `None`).
    fn field<T: serde::Serialize + fmt::Debug + ?Sized>(
        &mut self,
        field: &'static str,
        wire: &'static str,
        value: &T,
    );
    /// A property left out of the JSON when `None`.
    fn optional<T: serde::Serialize + fmt::Debug>(
        &mut self,
        field: &'static str,
        wire: &'static str,
        value: &Option<T>,
    );
    /// A property left out of the JSON when [`Absent`](super::Nullable::Absent), `null` when
    /// [`Null`](super::Nullable::Null).
    fn nullable<T: serde::Serialize + fmt::Debug>(
        &mut self,
        field: &'static str,
        wire: &'static str,
        value: &super::Nullable<T>,
    );
    /// The properties the schema does not name.
    fn extra<T: serde::Serialize + fmt::Debug>(
        &mut self,
        field: &'static str,
        values: &std::collections::BTreeMap<String, T>,
    );
}

/// `Serialize::serialize` of a struct: its properties as the entries of a map.
pub fn serialize<T: Fields + ?Sized, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut object = ObjectWriter { map: serializer.serialize_map(None)?, error: None };
    value.fields(&mut object);
    object.end()
}

/// `Debug::fmt` of a struct, as `#[derive(Debug)]` writes it: every field, by its Rust name.
pub fn debug<T: Fields + ?Sized>(value: &T, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let mut out = DebugFields(f.debug_struct(name));
    value.fields(&mut out);
    out.0.finish()
}

struct DebugFields<'a, 'b>(fmt::DebugStruct<'a, 'b>);

impl DebugFields<'_, '_> {
    fn entry(&mut self, field: &str, value: &dyn fmt::Debug) {
        self.0.field(field.strip_prefix("r#").unwrap_or(field), value);
    }
}

impl Visit for DebugFields<'_, '_> {
    fn field<T: serde::Serialize + fmt::Debug + ?Sized>(
        &mut self,
        field: &'static str,
        _: &'static str,
        value: &T,
    ) {
        self.entry(field, &value)
    }
    fn optional<T: serde::Serialize + fmt::Debug>(
        &mut self,
        field: &'static str,
        _: &'static str,
        value: &Option<T>,
    ) {
        self.entry(field, value)
    }
    fn nullable<T: serde::Serialize + fmt::Debug>(
        &mut self,
        field: &'static str,
        _: &'static str,
        value: &super::Nullable<T>,
    ) {
        self.entry(field, value)
    }
    fn extra<T: serde::Serialize + fmt::Debug>(
        &mut self,
        field: &'static str,
        values: &std::collections::BTreeMap<String, T>,
    ) {
        self.entry(field, values)
    }
}

/// A struct being written as a JSON object (see [`serialize`]). The first error stops it: later
/// properties are not written and `end` returns that error.
struct ObjectWriter<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> ObjectWriter<M> {
    fn entry<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if self.error.is_none() {
            if let Err(e) = self.map.serialize_entry(name, value) {
                self.error = Some(e);
            }
        }
    }

    /// The end of the object: the first error, if writing a property failed.
    fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(e) => Err(e),
            None => self.map.end(),
        }
    }
}

impl<M: SerializeMap> Visit for ObjectWriter<M> {
    fn field<T: serde::Serialize + fmt::Debug + ?Sized>(
        &mut self,
        _: &'static str,
        wire: &'static str,
        value: &T,
    ) {
        self.entry(wire, value)
    }
    fn optional<T: serde::Serialize + fmt::Debug>(
        &mut self,
        _: &'static str,
        wire: &'static str,
        value: &Option<T>,
    ) {
        if let Some(value) = value {
            self.entry(wire, value)
        }
    }
    fn nullable<T: serde::Serialize + fmt::Debug>(
        &mut self,
        _: &'static str,
        wire: &'static str,
        value: &super::Nullable<T>,
    ) {
        if !matches!(value, super::Nullable::Absent) {
            self.entry(wire, value)
        }
    }
    fn extra<T: serde::Serialize + fmt::Debug>(
        &mut self,
        _: &'static str,
        values: &std::collections::BTreeMap<String, T>,
    ) {
        for (name, value) in values {
            self.entry(name, value)
        }
    }
}

/// A free-form JSON object, as a setter or argument takes it: a `serde_json::Map`, or a
/// `serde_json::Value` such as `json!({"team": "ml"})`. A value that is not an object (`null`,
/// a number) is no object's properties: it gives an empty object.
pub trait IntoJsonObject {
    /// The object's properties.
    fn into_json_object(self) -> serde_json::Map<String, serde_json::Value>;
}

impl IntoJsonObject for serde_json::Map<String, serde_json::Value> {
    fn into_json_object(self) -> serde_json::Map<String, serde_json::Value> {
        self
    }
}

impl IntoJsonObject for serde_json::Value {
    fn into_json_object(self) -> serde_json::Map<String, serde_json::Value> {
        match self {
            serde_json::Value::Object(map) => map,
            _ => serde_json::Map::new(),
        }
    }
}
