/** Conversations and their messages, as clients list and read them. Written with job changes. */
package org.aistudio.core.conversation;
