/** Reading other systems' JSON as they really render it (absent lists, nulls); no IO. */
package dev.pacer.common.json;
