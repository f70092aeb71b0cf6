import { useCallback, useEffect, useRef, useState, type RefObject, type UIEvent } from "react";

export interface VirtualRows {
  start: number;
  end: number;
  padTop: number;
  padBottom: number;
  onScroll: (event: UIEvent<HTMLElement>) => void;
}

/**
 * A small fixed-row-height virtualizer: which rows of `count` to render in a scrolling box of
 * `viewport` px, with `overscan` rows either side, and the padding that stands in for the rest.
 * The component owns the scrolling box's ref. `restoreKey` keeps the scroll position in sessionStorage, so coming back restores it.
 */
export function useVirtualRows(
  containerRef: RefObject<HTMLDivElement | null>,
  count: number,
  rowHeight: number,
  viewport: number,
  restoreKey: string,
  /** All rows are known: restore even if the saved position is now beyond the end. */
  complete: boolean,
  overscan = 8,
): VirtualRows {
  const [scrollTop, setScrollTop] = useState(0);
  const restored = useRef(false);

  useEffect(() => {
    if (restored.current || count === 0) return;
    const saved = Number(sessionStorage.getItem(restoreKey) ?? "0");
    const box = containerRef.current;
    if (box && saved > 0) {
      // Wait until enough rows exist to scroll that far.
      if (!complete && saved > count * rowHeight - viewport) return;
      restored.current = true;
      // The scroll event that follows updates the rendered rows.
      box.scrollTop = saved;
      return;
    }
    restored.current = true;
  }, [containerRef, count, rowHeight, viewport, restoreKey, complete]);

  const onScroll = useCallback(
    (event: UIEvent<HTMLElement>) => {
      const top = event.currentTarget.scrollTop;
      setScrollTop(top);
      if (restored.current) sessionStorage.setItem(restoreKey, String(Math.round(top)));
    },
    [restoreKey],
  );

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const visible = Math.ceil(viewport / rowHeight) + overscan * 2;
  const last = Math.min(count, first + visible);
  return {
    start: first,
    end: last,
    padTop: first * rowHeight,
    padBottom: Math.max(0, (count - last) * rowHeight),
    onScroll,
  };
}
