package io.floe.avro;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/** A minimal hand-written equivalent of an avro-maven-plugin generated class, for tests. */
public class TestEvent extends SpecificRecordBase {
  public static final Schema SCHEMA$ =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"TestEvent\",\"namespace\":\"io.floe.avro\",\"fields\":["
                  + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":[\"null\",\"string\"]}]}");

  public long id;
  public CharSequence name;

  public TestEvent() {}

  public TestEvent(long id, CharSequence name) {
    this.id = id;
    this.name = name;
  }

  public static Schema getClassSchema() {
    return SCHEMA$;
  }

  @Override
  public Schema getSchema() {
    return SCHEMA$;
  }

  @Override
  public Object get(int field) {
    return field == 0 ? id : name;
  }

  @Override
  public void put(int field, Object value) {
    if (field == 0) {
      id = (Long) value;
    } else {
      name = (CharSequence) value;
    }
  }
}
