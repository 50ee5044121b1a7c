/** The HTTP methods a path item of an OpenAPI description can hold, in the order the docs list operations. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
