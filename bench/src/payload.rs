//! The payloads every scenario sends or receives, generated deterministically so that the server
//! and a baseline holding "the same bytes" produce them identically, and never held whole when
//! they are transfers.

use bytes::Bytes;
use futures_util::Stream;
use specfleet_cbrain::models::Userfile;

/// The size of one chunk of a streamed transfer: large enough that per-chunk costs do not
/// dominate, small enough to be nothing next to the 64 MiB memory budget.
pub(crate) const CHUNK: usize = 256 * 1024;

/// The bearer token, API key and CBRAIN token the clients send; the server accepts anything.
pub(crate) const TOKEN: &str = "bench-token";

/// The organization in rokka paths.
pub(crate) const ORGANIZATION: &str = "bench";

/// The id the small GET asks for and the server's answer to the small POST carries.
pub(crate) const RECORD_ID: i64 = 7;

/// The JSON `data` of the small POST.
pub(crate) fn metadata_data() -> serde_json::Value {
    serde_json::json!({"qubits": 5, "calibration": {"t1_us": 31.5, "t2_us": 18.25}})
}

/// The answer to the small GET and POST: one qi-compute `Metadata`, about 150 bytes.
pub(crate) fn metadata_answer() -> Bytes {
    let answer = serde_json::json!({
        "id": RECORD_ID,
        "backend_id": 3,
        "created_on": "2024-05-01T12:00:00.123456+00:00",
        "data": metadata_data(),
    });
    Bytes::from(answer.to_string())
}

/// Userfile number `index`, with every field a CBRAIN listing carries.
fn userfile(index: usize) -> Userfile {
    let id = index as i64 + 1;
    // Field by field: the generated models are `#[non_exhaustive]`.
    let mut userfile = Userfile::default();
    userfile.id = Some(id);
    userfile.name = Some(format!("sub-{id:06}_ses-01_T1w.nii.gz"));
    userfile.browse_path = index
        .is_multiple_of(3)
        .then(|| format!("study-042/sub-{id:06}"));
    userfile.size = Some((id * 7_919) % 1_000_000_007);
    userfile.user_id = Some(4);
    userfile.parent_id = index.is_multiple_of(5).then_some(id / 5 + 1);
    userfile.r#type = Some("NiftiFile".to_owned());
    userfile.group_id = Some(5);
    userfile.data_provider_id = Some(9);
    userfile.group_writable = Some(index.is_multiple_of(2));
    userfile.num_files = Some(1);
    userfile.hidden = Some(false);
    userfile.immutable = Some(index.is_multiple_of(7));
    userfile.archived = Some(false);
    userfile.description = Some(format!(
        "Defaced T1-weighted scan of subject {id}, session 1, acquired on the 3T Prisma"
    ));
    userfile
}

/// `count` userfiles as one JSON array, written record by record into one exactly sized buffer
/// (no `Vec<Userfile>` and no spare capacity), so a process holding it holds the payload and
/// nothing else.
pub(crate) fn userfiles_json(count: usize) -> Vec<u8> {
    let mut json = Vec::with_capacity(count * 420 + 2);
    json.push(b'[');
    for index in 0..count {
        if index > 0 {
            json.push(b',');
        }
        serde_json::to_writer(&mut json, &userfile(index))
            .expect("a Userfile always serialises to JSON");
    }
    json.push(b']');
    json.shrink_to_fit();
    json
}

/// `total` bytes as a stream of [`CHUNK`]-sized chunks, each a view of one shared buffer: the
/// stream allocates nothing per chunk, so what a transfer costs in memory is the client's.
pub(crate) fn byte_stream(
    total: u64,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let pattern: Bytes = (0..CHUNK).map(|index| (index % 251) as u8).collect();
    futures_util::stream::unfold(total, move |left| {
        let pattern = pattern.clone();
        async move {
            if left == 0 {
                return None;
            }
            let length = left.min(CHUNK as u64);
            Some((Ok(pattern.slice(..length as usize)), left - length))
        }
    })
}

#[cfg(test)]
mod tests {
    use futures_util::TryStreamExt;

    use super::*;

    #[test]
    fn userfiles_decode_to_as_many_records_as_asked() {
        let json = userfiles_json(1_000);
        let userfiles: Vec<Userfile> = serde_json::from_slice(&json).expect("valid JSON");
        assert_eq!(userfiles.len(), 1_000);
        assert_eq!(userfiles[999].id, Some(1_000));
        assert_eq!(json.capacity(), json.len());
        assert_eq!(userfiles_json(1_000), json, "the payload is deterministic");
    }

    #[tokio::test]
    async fn the_byte_stream_has_the_exact_length() {
        let total = 3 * CHUNK as u64 + 17;
        let chunks: Vec<Bytes> = byte_stream(total).try_collect().await.expect("no error");
        assert_eq!(
            chunks.iter().map(|chunk| chunk.len() as u64).sum::<u64>(),
            total
        );
        assert_eq!(chunks.last().map(Bytes::len), Some(17));
    }
}
