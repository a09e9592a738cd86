//! Pagination: every page of a paged operation as a `Stream`, fetched lazily, one page at a
//! time. Generated builders of paged operations (declared in `specs/services.toml`) offer
//! `pages()` and `stream()` over these.

use std::fmt;
use std::future::Future;

use futures_util::{Stream, TryStreamExt, stream};

use crate::Error;

/// How a paged operation names the page it wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A page number (`page=3`): the next page is the next number.
    Number,
    /// An offset (`offset=200`): the next page starts after the items seen, or at the cursor a
    /// page names (sent in the same parameter).
    Offset,
    /// An opaque cursor that each page names for the next one.
    Cursor,
}

/// Where a page starts: the value sent in the operation's position parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Position {
    /// A page number or an offset.
    Number(u64),
    /// A cursor a page named.
    Cursor(String),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Number(number) => write!(f, "{number}"),
            Position::Cursor(cursor) => f.write_str(cursor),
        }
    }
}

/// What a page says about the pages after it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageInfo {
    /// How many items the page holds.
    pub items: usize,
    /// How many items there are in all, when the page says.
    pub total: Option<u64>,
    /// How many pages there are in all, when the page says.
    pub pages: Option<u64>,
    /// Where the next page starts, when the page names it (a cursor).
    pub next: Option<String>,
}

/// Every page from `start` on, in order, as a stream; each page is fetched when the stream is
/// read, by `send`, from a copy of `request` and the page's position. The stream ends after an
/// empty page, a page shorter than `size` (when the caller set one), the last page that `total`
/// or `pages` implies, or a page that names no next one where the style needs it to; the first
/// error ends it.
pub fn pages<'a, B, R, E, F, Fut>(
    request: B,
    style: Style,
    start: Position,
    size: Option<u64>,
    send: F,
    info: fn(&R) -> PageInfo,
) -> impl Stream<Item = Result<R, Error<E>>> + Send + 'a
where
    B: Clone + Send + 'a,
    R: Send + 'a,
    E: Send + 'a,
    F: Fn(B, Position) -> Fut + Send + 'a,
    Fut: Future<Output = Result<R, Error<E>>> + Send + 'a,
{
    struct State<B, F> {
        request: B,
        send: F,
        next: Option<Position>,
        /// Items seen so far, and pages fetched.
        seen: u64,
        fetched: u64,
    }
    let state = State {
        request,
        send,
        next: Some(start),
        seen: 0,
        fetched: 0,
    };
    stream::unfold(state, move |mut state| async move {
        let position = state.next.take()?;
        let page = match (state.send)(state.request.clone(), position.clone()).await {
            Ok(page) => page,
            // The first error ends the stream: `next` stays empty.
            Err(error) => return Some((Err(error), state)),
        };
        let info = info(&page);
        state.seen += info.items as u64;
        state.fetched += 1;
        state.next = next_position(style, &position, size, &info, state.seen, state.fetched);
        Some((Ok(page), state))
    })
}

/// Where the page after one at `position` starts, or `None` after the last.
fn next_position(
    style: Style,
    position: &Position,
    size: Option<u64>,
    info: &PageInfo,
    seen: u64,
    fetched: u64,
) -> Option<Position> {
    let items = info.items as u64;
    let cursor = info.next.clone().filter(|next| !next.is_empty());
    let last = items == 0
        || size.is_some_and(|size| items < size)
        || info.total.is_some_and(|total| seen >= total)
        || info.pages.is_some_and(|pages| match (style, position) {
            // Pages are numbered: the last is the one whose number is the count.
            (Style::Number, Position::Number(number)) => *number >= pages,
            _ => fetched >= pages,
        });
    match style {
        Style::Cursor => cursor.filter(|_| items > 0).map(Position::Cursor),
        Style::Offset => match (cursor, position) {
            (Some(cursor), _) if items > 0 && info.total.is_none_or(|total| seen < total) => {
                Some(Position::Cursor(cursor))
            }
            _ if last => None,
            (None, Position::Number(offset)) => Some(Position::Number(offset + items)),
            // After a cursor, only a cursor says where to go on.
            (_, Position::Cursor(_)) => None,
            (Some(_), _) => None,
        },
        Style::Number => match position {
            Position::Number(number) if !last => Some(Position::Number(number + 1)),
            _ => None,
        },
    }
}

/// The items of every page, in order: `pages` flattened by `items`.
pub fn items<'a, R, T, E>(
    pages: impl Stream<Item = Result<R, Error<E>>> + Send + 'a,
    items: fn(R) -> Vec<T>,
) -> impl Stream<Item = Result<T, Error<E>>> + Send + 'a
where
    R: Send + 'a,
    T: Send + 'a,
    E: Send + 'a,
{
    pages
        .map_ok(move |page| stream::iter(items(page).into_iter().map(Ok)))
        .try_flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(items: usize) -> PageInfo {
        PageInfo {
            items,
            ..PageInfo::default()
        }
    }

    #[test]
    fn page_numbers_stop_at_a_short_or_empty_page_or_the_total() {
        let one = Position::Number(1);
        assert_eq!(
            next_position(Style::Number, &one, Some(10), &info(10), 10, 1),
            Some(Position::Number(2))
        );
        assert_eq!(
            next_position(Style::Number, &one, Some(10), &info(9), 9, 1),
            None
        );
        assert_eq!(
            next_position(Style::Number, &one, None, &info(9), 9, 1),
            Some(Position::Number(2))
        );
        assert_eq!(
            next_position(Style::Number, &one, None, &info(0), 0, 1),
            None
        );
        let total = PageInfo {
            total: Some(20),
            ..info(10)
        };
        assert_eq!(
            next_position(Style::Number, &one, None, &total, 20, 2),
            None
        );
        let pages = PageInfo {
            pages: Some(3),
            ..info(10)
        };
        assert_eq!(
            next_position(Style::Number, &one, None, &pages, 10, 1),
            Some(Position::Number(2))
        );
        // Started at page 3 of 4: page 4 is the last, whatever was fetched before.
        let of_four = PageInfo {
            pages: Some(4),
            ..info(10)
        };
        let (three, four) = (Position::Number(3), Position::Number(4));
        assert_eq!(
            next_position(Style::Number, &three, None, &of_four, 10, 1),
            Some(four.clone())
        );
        assert_eq!(
            next_position(Style::Number, &four, None, &of_four, 20, 2),
            None
        );
    }

    #[test]
    fn offsets_follow_a_cursor_when_a_page_names_one() {
        let zero = Position::Number(0);
        assert_eq!(
            next_position(Style::Offset, &zero, Some(5), &info(5), 5, 1),
            Some(Position::Number(5))
        );
        let cursor = PageInfo {
            next: Some("abc".into()),
            ..info(5)
        };
        assert_eq!(
            next_position(Style::Offset, &zero, Some(5), &cursor, 5, 1),
            Some(Position::Cursor("abc".into()))
        );
        let after_cursor = Position::Cursor("abc".into());
        assert_eq!(
            next_position(Style::Offset, &after_cursor, Some(5), &info(5), 10, 2),
            None
        );
        assert_eq!(
            next_position(Style::Cursor, &after_cursor, None, &cursor, 10, 2),
            Some(Position::Cursor("abc".into()))
        );
        assert_eq!(
            next_position(Style::Cursor, &after_cursor, None, &info(5), 10, 2),
            None
        );
    }

    #[tokio::test]
    async fn pages_are_fetched_lazily_until_the_last() {
        let pages = pages(
            (),
            Style::Number,
            Position::Number(1),
            Some(2),
            |(), position| async move {
                let Position::Number(number) = position else {
                    return Ok::<_, Error<()>>(Vec::new());
                };
                Ok(if number < 3 {
                    vec![number; 2]
                } else {
                    vec![number]
                })
            },
            |page: &Vec<u64>| info(page.len()),
        );
        let all: Vec<u64> = items(pages, |page| page)
            .try_collect()
            .await
            .expect("every page");
        assert_eq!(all, [1, 1, 2, 2, 3]);
    }
}
