package masq.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import masq.api.Cidr;
import org.junit.jupiter.api.Test;

class SupernetsTest {
    @Test
    void listsItselfThenEveryBroaderPrefix() {
        assertEquals("[10.1.2.0/24, 10.1.2.0/23, 10.1.0.0/22, 10.1.0.0/21, 10.1.0.0/20, 10.1.0.0/19, 10.1.0.0/18,"
                + " 10.1.0.0/17, 10.1.0.0/16, 10.0.0.0/15, 10.0.0.0/14, 10.0.0.0/13, 10.0.0.0/12, 10.0.0.0/11,"
                + " 10.0.0.0/10, 10.0.0.0/9, 10.0.0.0/8, 10.0.0.0/7, 8.0.0.0/6, 8.0.0.0/5, 0.0.0.0/4, 0.0.0.0/3,"
                + " 0.0.0.0/2, 0.0.0.0/1, 0.0.0.0/0]", Supernets.of(Cidr.parse("10.1.2.0/24")).toString());
        assertEquals(129, Supernets.of(Cidr.parse("fd00::1/128")).size());
        assertEquals("[::/0]", Supernets.of(Cidr.parse("::/0")).toString());
    }
}
