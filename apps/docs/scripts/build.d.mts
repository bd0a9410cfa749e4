export function build(options?: { specPath?: string; outDir?: string }): Promise<{ operations: number; diagrams: number }>;
