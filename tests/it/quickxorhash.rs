//! QuickXorHash checked against rclone's 70 published test vectors
//! (`fixtures/graph/quickxorhash_vectors.tsv`, see `fixtures/graph/SOURCES.md`), whole and fed
//! in blocks, because verification of every uploaded file rests on this one function.

use base64::Engine as _;
use pilotbench::vocab::quick_xor::QuickXor;
use pilotbench::vocab::quick_xor::quick_xor_base64;

use crate::support::graph_fixture_text;

struct Vector {
    size: usize,
    input: Vec<u8>,
    hash: String,
}

fn vectors() -> Vec<Vector> {
    let text = graph_fixture_text("quickxorhash_vectors.tsv");
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "malformed vector line: {line}");
            let input = base64::engine::general_purpose::STANDARD
                .decode(fields[1])
                .expect("input is base64");
            Vector {
                size: fields[0].parse().expect("size"),
                input,
                hash: fields[2].to_owned(),
            }
        })
        .collect()
}

#[test]
fn table_has_all_seventy_vectors_with_their_sizes() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 70);
    for vector in &vectors {
        assert_eq!(vector.input.len(), vector.size);
    }
}

#[test]
fn whole_input_matches_every_vector() {
    for vector in vectors() {
        assert_eq!(
            quick_xor_base64(&vector.input),
            vector.hash,
            "size {}",
            vector.size
        );
    }
}

#[test]
fn input_fed_in_blocks_matches_every_vector() {
    for block in [1usize, 2, 7, 64] {
        for vector in vectors() {
            let mut hash = QuickXor::new();
            for piece in vector.input.chunks(block) {
                hash.update(piece);
            }
            assert_eq!(
                hash.finish_base64(),
                vector.hash,
                "size {} in blocks of {block}",
                vector.size
            );
        }
    }
}
