// The view model travels to the webview as is; its types are the core's.
export * from '../core/view/types';
