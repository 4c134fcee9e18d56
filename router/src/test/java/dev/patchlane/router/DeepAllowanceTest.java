package dev.patchlane.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.patchlane.contracts.Budget;
import dev.patchlane.contracts.Usage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeepAllowanceTest {

    @Test
    void anEscalationIsRefusedWhenWhatIsLeftCannotPayForADeepAttempt() {
        // $1.25 per million prompt tokens on the deep lane.
        java.util.function.LongToDoubleFunction price = tokens -> tokens * 1.25 / 1_000_000.0;
        assertEquals(Optional.empty(), DeepAllowance.refusal(Budget.NONE, new Usage(1_000_000, 1_000), 40, 5_000, price));
        assertEquals(Optional.empty(), DeepAllowance.refusal(new Budget(10_000L, 1.0, 3), new Usage(4_000, 500), 0.01, 5_000, price));
        assertEquals(Optional.of("over budget: 412,330 tokens of 400,000 (max tokens)"),
                DeepAllowance.refusal(new Budget(400_000L, null, null), new Usage(400_000, 12_330), 0, 5_000, price));
        assertEquals(Optional.of("over budget: a deep attempt needs about 5,000 tokens and 4,500 of the job's 10,000 are left (max tokens)"),
                DeepAllowance.refusal(new Budget(10_000L, null, null), new Usage(5_000, 500), 0, 5_000, price));
        assertEquals(Optional.of("over budget: a deep attempt costs about $0.0063 and $0.0050 of the job's $0.0100 is left (max cost)"),
                DeepAllowance.refusal(new Budget(null, 0.01, null), new Usage(5_000, 500), 0.005, 5_000, price));
    }
}
