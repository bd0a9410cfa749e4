export declare function publishedVersion(published: string | undefined, name: string): string | undefined;
