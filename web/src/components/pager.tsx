import type { PageFieldsFragment } from '../gql/graphql';

/** Newer and Older over a Relay connection; the lists are newest first. */
export function Pager(props: {
  page: PageFieldsFragment;
  onPage: (cursor: { after: string } | { before: string }) => void;
}) {
  const { page, onPage } = props;
  return (
    <nav aria-label="Pages" className="pager">
      <button
        type="button"
        disabled={!page.hasPreviousPage}
        onClick={() => onPage({ before: page.startCursor ?? '' })}
      >
        Newer
      </button>
      <button
        type="button"
        disabled={!page.hasNextPage}
        onClick={() => onPage({ after: page.endCursor ?? '' })}
      >
        Older
      </button>
    </nav>
  );
}
