import { Component, type ErrorInfo, type ReactNode } from "react";
import { ErrorState } from "./error-state";

export interface ErrorBoundaryProps {
  children: ReactNode;
  /** Custom fallback; receives the error and a reset function. */
  fallback?: (error: unknown, reset: () => void) => ReactNode;
  /** When any of these change, a caught error is cleared (e.g. the route's ids). */
  resetKeys?: readonly unknown[];
}

interface State {
  error: unknown;
  hasError: boolean;
  keys: readonly unknown[] | undefined;
}

/** Catches render errors below it and shows ErrorState with a retry that re-renders. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: null, hasError: false, keys: this.props.resetKeys };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, hasError: true };
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: State): Partial<State> | null {
    const changed =
      props.resetKeys !== undefined &&
      (state.keys === undefined ||
        props.resetKeys.length !== state.keys.length ||
        props.resetKeys.some((key, i) => !Object.is(key, state.keys?.[i])));
    if (changed) return { keys: props.resetKeys, ...(state.hasError ? { error: null, hasError: false } : {}) };
    return null;
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error("Render error", error, info.componentStack);
  }

  reset = () => this.setState({ error: null, hasError: false });

  override render() {
    if (!this.state.hasError) return this.props.children;
    if (this.props.fallback) return this.props.fallback(this.state.error, this.reset);
    return <ErrorState error={this.state.error} onRetry={this.reset} />;
  }
}
