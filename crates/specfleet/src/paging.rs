//! Pagination as a `Stream` of items: the service modules say how to fetch one page.

use std::future::Future;

use futures_util::{Stream, TryStreamExt, stream};

use crate::Result;

/// Items of every page, in order. `fetch` gets the cursor of a page and returns its items and
/// the cursor of the next page, `None` after the last one. Pages are fetched lazily, one at a
/// time, as the stream is read; the first error ends the stream.
pub(crate) fn paginate<T, C, F, Fut>(first: C, mut fetch: F) -> impl Stream<Item = Result<T>>
where
    F: FnMut(C) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<C>)>>,
{
    stream::try_unfold(Some(first), move |cursor| {
        let page = cursor.map(&mut fetch);
        async move {
            match page {
                None => Ok(None),
                Some(page) => {
                    let (items, next) = page.await?;
                    Ok(Some((stream::iter(items.into_iter().map(Ok)), next)))
                }
            }
        }
    })
    .try_flatten()
}
