export declare const GENERATED: string[];
