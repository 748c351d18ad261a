import { Component, type ReactNode } from 'react';

interface Props {
  /** What to show instead, with a way to try again. */
  fallback: (retry: () => void) => ReactNode;
  children: ReactNode;
}

/**
 * Keeps one broken part from blanking the whole page: in a class, the queue and the web
 * clients must keep working even if the diagram fails to draw some unexpected state.
 * React still reports the error to the console, so tests and developers see it.
 */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    if (this.state.failed) return this.props.fallback(() => this.setState({ failed: false }));
    return this.props.children;
  }
}
