/** An instruction's keyword arguments, as the dataset row gives them (IFBench rows carry every key, unused ones null). */
export type Kwargs = Record<string, unknown>;

/** One instruction type's check: followed, not followed, or undefined where the type is not checked (skipped). */
export type Checker = (response: string, kwargs: Kwargs, prompt: string) => boolean | undefined;
