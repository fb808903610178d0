//! Repeated strings (stage names, reasons, segment values, record ids) as
//! small integer ids, so a million rows cost a million small numbers and not
//! a million strings.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (rustc's): fast on short keys, and the keys here are a file's
/// values, not an attacker's choice of hash flooding.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(SEED);
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

pub fn hash_bytes(b: &[u8]) -> u64 {
    let mut h = Fx::default();
    h.write(b);
    h.add(b.len() as u64);
    // Fx leaves the low bits weak (ids that differ in their last digit
    // collide in a power-of-two table): mix them in (murmur3's finaliser).
    let mut x = h.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// Byte strings to dense ids 0, 1, 2… in order of first sight.
#[derive(Default)]
pub struct Interner {
    map: FxMap<Box<[u8]>, u32>,
    len: u32,
}

impl Interner {
    /// The id and whether it is new.
    pub fn intern(&mut self, b: &[u8]) -> (u32, bool) {
        if let Some(&id) = self.map.get(b) {
            return (id, false);
        }
        let id = self.len;
        self.map.insert(b.into(), id);
        self.len += 1;
        (id, true)
    }
}

/// Record ids: one arena of bytes and an open-addressing table, about 20
/// bytes per id instead of a heap string each.
pub struct IdTable {
    arena: Vec<u8>,
    ends: Vec<usize>,
    /// (hash bits, id + 1); 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
}

impl Default for IdTable {
    fn default() -> Self {
        IdTable {
            arena: Vec::new(),
            ends: Vec::new(),
            slots: vec![(0, 0); 1024],
        }
    }
}

impl IdTable {
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    fn key(&self, id: usize) -> &[u8] {
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        &self.arena[start..self.ends[id]]
    }

    /// The record's dense id and whether it is new.
    pub fn intern(&mut self, b: &[u8]) -> (u32, bool) {
        if (self.ends.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let h = hash_bytes(b);
        let tag = (h >> 32) as u32;
        let mask = self.slots.len() - 1;
        let mut i = h as usize & mask;
        loop {
            let (t, v) = self.slots[i];
            if v == 0 {
                let id = self.ends.len() as u32;
                self.arena.extend_from_slice(b);
                self.ends.push(self.arena.len());
                self.slots[i] = (tag, id + 1);
                return (id, true);
            }
            if t == tag && self.key(v as usize - 1) == b {
                return (v - 1, false);
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let mut slots = vec![(0u32, 0u32); self.slots.len() * 2];
        let mask = slots.len() - 1;
        for id in 0..self.ends.len() {
            let h = hash_bytes(self.key(id));
            let mut i = h as usize & mask;
            while slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = ((h >> 32) as u32, id as u32 + 1);
        }
        self.slots = slots;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_table_keeps_every_id_apart_across_growth() {
        let mut t = IdTable::default();
        for i in 0..5000u32 {
            assert_eq!(t.intern(format!("D-{i}").as_bytes()), (i, true));
        }
        for i in (0..5000u32).rev() {
            assert_eq!(t.intern(format!("D-{i}").as_bytes()), (i, false));
        }
        assert_eq!(t.len(), 5000);
        assert_eq!(t.intern(b""), (5000, true));
    }
}
