package dev.patchlane.decoding.openai;

/** The two OpenAI wire APIs a server may speak; each is a path under the endpoint's base URL. */
public enum OpenAiApi {
    /** {@code POST /chat/completions}: served by OpenAI, Cerebras, vLLM, llama.cpp and Ollama. */
    CHAT("/chat/completions"),
    /** {@code POST /responses}: OpenAI's newer API, also served by recent vLLM and Ollama. */
    RESPONSES("/responses");

    private final String path;

    OpenAiApi(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
